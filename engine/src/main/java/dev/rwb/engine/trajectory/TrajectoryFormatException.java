package dev.rwb.engine.trajectory;

/**
 * A trajectory file that cannot be read, with the place of the problem: file, line and field.
 */
public final class TrajectoryFormatException extends Exception {
    private final String file;
    private final int line;
    private final String field;

    public TrajectoryFormatException(String file, int line, String field, String problem) {
        super(file + ":" + line + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** The JSON field (dotted path, with an index where relevant), or null for a whole-line problem. */
    public String field() {
        return field;
    }
}
