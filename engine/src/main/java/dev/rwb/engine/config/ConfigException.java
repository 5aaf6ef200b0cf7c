package dev.rwb.engine.config;

/** An invalid run configuration; the message names the file and the field. */
public final class ConfigException extends Exception {
    private final String field;

    public ConfigException(String source, String field, String problem) {
        super(source + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
        this.field = field;
    }

    /** The dotted path of the offending field, or null when the whole file is at fault. */
    public String field() {
        return field;
    }
}
