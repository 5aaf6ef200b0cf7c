package dev.rwb.app.runs;

import dev.rwb.engine.config.ConfigChoice;

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

    /** A choice among the keys of one of the engine's config choice lists, in the enum's order. */
    static <E extends Enum<E> & ConfigChoice> ConfigField choice(String path, String label, String help, Class<E> type) {
        return new ConfigField(path, label, Kind.CHOICE, ConfigChoice.keys(type), help);
    }
}
