package dev.rwb.engine.trajectory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;

/**
 * Size caps on everything an import reads, so that no input, however large or however it inflates,
 * can exhaust the heap (issue 17: a 1 MB {@code .eval} whose entry inflated to 1 GB of
 * {@code [0,0,…]} ended in OutOfMemoryError). One JSON document (a line, a ZIP entry, one sample of a
 * streamed log) may hold at most {@link #MAX_DOCUMENT_CHARS} characters and {@link #MAX_JSON_TOKENS}
 * JSON tokens, nested at most {@link #MAX_NESTING} deep. The token cap is what bounds the heap of a
 * tree: an empty object costs about a hundred bytes for two tokens, so a tree of the maximal token
 * count stays well under 256 MB, while a real rollout record (one string per message) is far below it.
 */
public final class InputLimits {
    /** Characters in one JSON document: one line of a JSON-lines file, one ZIP entry, one sample. */
    public static final int MAX_DOCUMENT_CHARS = 64 << 20;
    /** JSON tokens (values, names, brackets) in one document. */
    public static final long MAX_JSON_TOKENS = 1_000_000;
    /** Nesting depth of arrays and objects. */
    public static final int MAX_NESTING = 200;
    /** Uncompressed bytes of one ZIP entry. */
    public static final long MAX_ENTRY_BYTES = MAX_DOCUMENT_CHARS;

    private static final StreamReadConstraints DOCUMENT = StreamReadConstraints.builder()
            .maxDocumentLength(MAX_DOCUMENT_CHARS).maxTokenCount(MAX_JSON_TOKENS).maxNestingDepth(MAX_NESTING).build();
    /** For a document streamed element by element (an inspect .json log): only each element is capped. */
    private static final StreamReadConstraints STREAM = StreamReadConstraints.builder()
            .maxDocumentLength(-1).maxTokenCount(-1).maxNestingDepth(MAX_NESTING).build();

    private InputLimits() {
    }

    /** A mapper whose parsers refuse any document over the caps. */
    public static ObjectMapper boundedMapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(DOCUMENT).build());
    }

    /** A factory for documents read as a stream of elements; cap each element with {@link #elementCounting}. */
    public static JsonFactory streamingFactory() {
        return JsonFactory.builder().streamReadConstraints(STREAM).build();
    }

    /**
     * Wraps a streaming parser so that reading one element past {@link #MAX_JSON_TOKENS} tokens fails;
     * call {@link ElementCounter#startElement()} before each element.
     */
    public static ElementCounter elementCounting(JsonParser parser) {
        return new ElementCounter(parser);
    }

    /** The message of a cap that was hit, in words a user can act on. */
    public static String describe(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        String what = m.startsWith("Document length") ? "more than " + (MAX_DOCUMENT_CHARS >> 20) + " MB"
                : m.startsWith("Token count") ? "more than " + MAX_JSON_TOKENS + " JSON values"
                : m.contains("nesting depth") ? "nested deeper than " + MAX_NESTING + " levels"
                : m.startsWith("String value length") ? "a string longer than "
                        + StreamReadConstraints.DEFAULT_MAX_STRING_LEN + " characters"
                : m.startsWith("Number value length") ? "a number with too many digits"
                : m;
        return "too large to import: the JSON document holds " + what + " (the import's size cap)";
    }

    /**
     * Reads one line (without its terminator) of at most {@link #MAX_DOCUMENT_CHARS} characters, or
     * null at the end; a longer line throws {@link LineTooLongException} before it is held in memory.
     */
    public static String readLine(Reader reader, StringBuilder buffer) throws IOException {
        buffer.setLength(0);
        int c;
        boolean any = false;
        while ((c = reader.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (buffer.length() >= MAX_DOCUMENT_CHARS) {
                throw new LineTooLongException();
            }
            buffer.append((char) c);
        }
        if (!any) {
            return null;
        }
        int n = buffer.length();
        if (n > 0 && buffer.charAt(n - 1) == '\r') {
            buffer.setLength(n - 1);
        }
        return buffer.toString();
    }

    /** A line over {@link #MAX_DOCUMENT_CHARS}. */
    public static final class LineTooLongException extends IOException {
        public LineTooLongException() {
            super("line longer than " + (MAX_DOCUMENT_CHARS >> 20) + " MB (the import's size cap)");
        }
    }

    /** A parser that counts the tokens of the current element. */
    public static final class ElementCounter extends JsonParserDelegate {
        private long tokens;

        ElementCounter(JsonParser d) {
            super(d);
        }

        /** Restarts the count for the next element. */
        public void startElement() {
            tokens = 0;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            if (++tokens > MAX_JSON_TOKENS) {
                throw new StreamConstraintsException("Token count (" + tokens + ") exceeds the maximum allowed ("
                        + MAX_JSON_TOKENS + ")");
            }
            return super.nextToken();
        }
    }
}
