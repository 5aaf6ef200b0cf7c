package dev.rwb.engine.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.trajectory.InputLimits;
import dev.rwb.engine.trajectory.LineReader;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON-lines file one line at a time (bounded memory), skipping blank lines, and reports
 * invalid UTF-8 or JSON with the file name and line number.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = InputLimits.boundedMapper();

    /** Receives one record; may throw the format errors it finds. */
    @FunctionalInterface
    public interface LineHandler {
        void accept(String line, int lineNo) throws TrajectoryFormatException;
    }

    private JsonLines() {
    }

    /** Calls {@code handler} with each non-blank line and its 1-based number. */
    public static void forEachLine(Path file, String sourceName, LineHandler handler)
            throws IOException, TrajectoryFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            forEachLine(in, sourceName, handler);
        }
    }

    /**
     * {@link #forEachLine(Path, String, LineHandler)} for an importer's main pass: the bytes read
     * count towards the import's progress ({@link ImportMeter}).
     */
    public static void forEachLineMetered(Path file, String sourceName, LineHandler handler)
            throws IOException, TrajectoryFormatException {
        try (InputStream in = ImportMeter.counting(Files.newInputStream(file))) {
            forEachLine(in, sourceName, handler);
        }
    }

    /** As {@link #forEachLine(Path, String, LineHandler)} over a stream (e.g. a ZIP entry). */
    public static void forEachLine(InputStream in, String sourceName, LineHandler handler)
            throws IOException, TrajectoryFormatException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16);
        int lineNo = 0;
        LineReader lines = new LineReader(reader);
        while (true) {
            String line;
            try {
                line = lines.next();
            } catch (CharacterCodingException e) {
                throw new TrajectoryFormatException(sourceName, lineNo + 1, null,
                        "not UTF-8 text (binary data?): " + e.getMessage());
            } catch (InputLimits.LineTooLongException e) {
                throw new TrajectoryFormatException(sourceName, lineNo + 1, null, e.getMessage());
            }
            if (line == null) {
                return;
            }
            lineNo++;
            if (!line.isBlank()) {
                handler.accept(line, lineNo);
            }
        }
    }

    /** Parses one line into a record, or fails with the line's place. */
    public static JsonRecord parse(String line, String sourceName, int lineNo) throws TrajectoryFormatException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (StreamConstraintsException e) {
            throw new TrajectoryFormatException(sourceName, lineNo, null, InputLimits.describe(e));
        } catch (JsonProcessingException e) {
            throw new TrajectoryFormatException(sourceName, lineNo, null, "not valid JSON: " + e.getOriginalMessage());
        }
        return new JsonRecord(node, sourceName, lineNo).requireObject();
    }

    /**
     * The first non-blank line of a file parsed as JSON, or null when the file has none.
     *
     * @throws TrajectoryFormatException when that line is not UTF-8 or not valid JSON, with the parser's error
     */
    public static JsonNode firstRecord(Path file) throws IOException, TrajectoryFormatException {
        String name = file.getFileName().toString();
        JsonNode[] first = new JsonNode[1];
        try (InputStream in = Files.newInputStream(file)) {
            forEachLine(in, name, (line, no) -> {
                first[0] = parseFirst(line, name, no);
                throw STOP;
            });
        } catch (StopReading stop) {
            return first[0];
        }
        return null;
    }

    private static JsonNode parseFirst(String line, String name, int no) throws TrajectoryFormatException {
        try {
            return MAPPER.readTree(line);
        } catch (StreamConstraintsException e) {
            throw new TrajectoryFormatException(name, no, null, InputLimits.describe(e));
        } catch (JsonProcessingException e) {
            throw new TrajectoryFormatException(name, no, null, "cannot tell the format: line " + no
                    + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Ends {@link #firstRecord}'s read after one line. */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }

    private static final StopReading STOP = new StopReading();

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
