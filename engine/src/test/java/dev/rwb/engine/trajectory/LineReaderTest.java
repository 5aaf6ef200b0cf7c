package dev.rwb.engine.trajectory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lines within one block, across blocks, with CR LF, empty, unterminated and non-Latin-1. */
class LineReaderTest {
    /** What the lines of {@code text} are: split at LF, one CR before it dropped, no line after a final LF. */
    private static List<String> expected(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return lines;
    }

    private static List<String> read(Reader in) throws IOException {
        LineReader reader = new LineReader(in);
        List<String> lines = new ArrayList<>();
        for (String line; (line = reader.next()) != null; ) {
            lines.add(line);
        }
        assertNull(reader.next(), "the end stays the end");
        return lines;
    }

    /** A reader that hands out at most a random few characters a call, as a slow stream does. */
    private static Reader trickling(String text, Random random) {
        return new Reader() {
            int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos == text.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + random.nextInt(9000)), text.length() - pos);
                text.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void smallCases() throws IOException {
        for (String text : List.of("", "a", "a\n", "a\r\n", "\n", "\n\n", "a\nb", "a\r\nb\r\n", "\r\n", "x\r", "é\n😀\r\nz")) {
            assertEquals(expected(text), read(new StringReader(text)), "lines of " + text.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    @Test
    void linesOfEveryLengthAcrossTheBlocks() throws IOException {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        String alphabet = "abc {}\":,é日😀\r";
        for (int i = 0; i < 400; i++) {
            int length = random.nextInt(10) == 0 ? 70_000 + random.nextInt(70_000) : random.nextInt(5_000);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        text.append("the last line has no end");
        String all = text.toString();
        List<String> want = expected(all);
        assertEquals(want, read(new StringReader(all)));
        assertEquals(want, read(trickling(all, random)));
    }
}
