package dev.rwb.app.runs;

import java.util.List;

/**
 * One editable leaf of a run configuration.
 *
 * @param path dotted JSON path, the same form {@code ConfigException.field()} names
 * @param label what the form shows
 * @param kind how the value is typed and edited
 * @param choices the allowed values of a {@link Kind#CHOICE} (empty otherwise)
 * @param help one-line tooltip
 */
public record ConfigField(String path, String label, Kind kind, List<String> choices, String help) {

    /** How a value is written in JSON and edited in the form. */
    public enum Kind { TEXT, INTEGER, DECIMAL, BOOLEAN, CHOICE, OPTIONAL_TEXT }

    static ConfigField text(String path, String label, String help) {
        return new ConfigField(path, label, Kind.TEXT, List.of(), help);
    }

    static ConfigField optionalText(String path, String label, String help) {
        return new ConfigField(path, label, Kind.OPTIONAL_TEXT, List.of(), help);
    }

    static ConfigField integer(String path, String label, String help) {
        return new ConfigField(path, label, Kind.INTEGER, List.of(), help);
    }

    static ConfigField decimal(String path, String label, String help) {
        return new ConfigField(path, label, Kind.DECIMAL, List.of(), help);
    }

    static ConfigField bool(String path, String label, String help) {
        return new ConfigField(path, label, Kind.BOOLEAN, List.of(), help);
    }

    static ConfigField choice(String path, String label, String help, String... choices) {
        return new ConfigField(path, label, Kind.CHOICE, List.of(choices), help);
    }
}
