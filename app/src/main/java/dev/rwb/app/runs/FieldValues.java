package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Converts between a form's text and the JSON value of a {@link ConfigField.Kind}. */
final class FieldValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FieldValues() {
    }

    static JsonNode parse(ConfigField.Kind kind, String text) {
        String t = text == null ? "" : text.trim();
        return switch (kind) {
            case INTEGER -> {
                try {
                    yield NODES.numberNode(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    yield NODES.textNode(t);
                }
            }
            case DECIMAL -> {
                try {
                    yield NODES.numberNode(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    yield NODES.textNode(t);
                }
            }
            case BOOLEAN -> NODES.booleanNode(Boolean.parseBoolean(t));
            case OPTIONAL_TEXT -> t.isEmpty() ? NODES.nullNode() : NODES.textNode(t);
            case TEXT, CHOICE -> NODES.textNode(t);
        };
    }

    static String format(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isTextual() ? node.asText() : node.toString();
    }
}
