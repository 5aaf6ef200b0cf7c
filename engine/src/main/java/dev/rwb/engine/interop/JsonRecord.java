package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

/**
 * One JSON record of a source being imported, with typed field access that reports problems as
 * {@link TrajectoryFormatException}s naming the file, the line (or record number) and the field.
 */
public final class JsonRecord {
    private final JsonNode node;
    private final String source;
    private final int line;
    private final String path;

    public JsonRecord(JsonNode node, String source, int line) {
        this(node, source, line, "");
    }

    private JsonRecord(JsonNode node, String source, int line, String path) {
        this.node = node;
        this.source = source;
        this.line = line;
        this.path = path;
    }

    public JsonNode node() {
        return node;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** The dotted path of a field of this record, e.g. {@code messages[2].content}. */
    public String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public TrajectoryFormatException error(String field, String problem) {
        return new TrajectoryFormatException(source, line, field == null ? (path.isEmpty() ? null : path)
                : fieldPath(field), problem);
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** Fails unless this record is a JSON object. */
    public JsonRecord requireObject() throws TrajectoryFormatException {
        if (!node.isObject()) {
            throw new TrajectoryFormatException(source, line, path.isEmpty() ? null : path,
                    "expected a JSON object, found " + describe(node));
        }
        return this;
    }

    /** A required string field. */
    public String text(String name) throws TrajectoryFormatException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isTextual()) {
            throw error(name, "expected a string, found " + describe(v));
        }
        return v.asText();
    }

    /** An optional string field; null when absent or null. */
    public String optText(String name) throws TrajectoryFormatException {
        return has(name) ? text(name) : null;
    }

    /** A required number; JSON null reads as NaN. */
    public double number(String name) throws TrajectoryFormatException {
        JsonNode v = node.get(name);
        if (v == null) {
            throw error(name, "missing");
        }
        return numberValue(v, name);
    }

    /** An optional number; {@code fallback} when absent. */
    public double optNumber(String name, double fallback) throws TrajectoryFormatException {
        JsonNode v = node.get(name);
        return v == null ? fallback : numberValue(v, name);
    }

    /** A number, boolean (1/0) or null (NaN) value; anything else is an error. */
    public double numberValue(JsonNode v, String field) throws TrajectoryFormatException {
        if (v.isNull()) {
            return Double.NaN;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1.0 : 0.0;
        }
        if (!v.isNumber()) {
            throw error(field, "expected a number, found " + describe(v));
        }
        return v.asDouble();
    }

    /** A required integer that fits in 32 bits. */
    public int integer(String name) throws TrajectoryFormatException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(name, "expected an integer, found " + describe(v));
        }
        return v.asInt();
    }

    /** A required array field. */
    public JsonNode array(String name) throws TrajectoryFormatException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isArray()) {
            throw error(name, "expected an array, found " + describe(v));
        }
        return v;
    }

    /** A nested record (object or array element) whose errors name its full path. */
    public JsonRecord child(JsonNode value, String relativePath) {
        return new JsonRecord(value, source, line, fieldPath(relativePath));
    }

    /** A short description of a JSON value for error messages (long values are cut). */
    public static String describe(JsonNode v) {
        String s = v.isContainerNode() ? v.getNodeType().name().toLowerCase() : v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
