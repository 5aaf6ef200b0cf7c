package dev.rwb.engine.trajectory;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@link InputLimits#MAX_DOCUMENT_CHARS} characters from a reader, a 64 K
 * block at a time (reading one character per call, each under the reader's lock, cost an import
 * about a tenth of its CPU). A line ends at {@code \n}; a {@code \r} before it is dropped.
 */
public final class LineReader {
    private final Reader in;
    private final char[] block = new char[1 << 16];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int limit;

    public LineReader(Reader in) {
        this.in = in;
    }

    /**
     * The next line, or null at the end of the input.
     *
     * @throws InputLimits.LineTooLongException when a line is longer than the cap
     */
    public String next() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(block, 0, block.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && block[pos] != '\n') {
                pos++;
            }
            if (pos < limit && line.length() == 0) {
                // the whole line is in the block (a record is a few KB, the block 64 K): one copy into
                // the String instead of two through the builder, whose per-char append was ~30 % of a
                // verl import's reader thread (JFR, 200 MB dump)
                // (shorter than the cap: a block is far below it)
                int end = pos > start && block[pos - 1] == '\r' ? pos - 1 : pos;
                pos++;
                return new String(block, start, end - start);
            }
            if (line.length() + (pos - start) > InputLimits.MAX_DOCUMENT_CHARS) {
                throw new InputLimits.LineTooLongException();
            }
            line.append(block, start, pos - start);
            if (pos < limit) {
                pos++;
                break;
            }
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
    }
}
