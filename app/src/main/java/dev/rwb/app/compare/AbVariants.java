package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * An A/B experiment from one configuration: A is the base unchanged, B differs in exactly one
 * field; both get the base's name with "-A" / "-B" so they can run side by side.
 */
public final class AbVariants {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AbVariants() {
    }

    /** The pair [A, B]. {@code text} is typed like the field's current value (number, boolean, null or string). */
    public static List<ObjectNode> of(ObjectNode base, String path, String text) {
        String name = base.path("name").asText("run");
        ObjectNode a = base.deepCopy();
        a.put("name", name + "-A");
        ObjectNode b = base.deepCopy();
        b.put("name", name + "-B");
        String[] parts = path.split("\\.");
        ObjectNode parent = b;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(parts[i]);
            }
            parent = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        parent.set(leaf, typedLike(parent.get(leaf), text));
        return List.of(a, b);
    }

    static JsonNode typedLike(JsonNode current, String text) {
        String t = text.trim();
        if (t.equals("null")) {
            return NODES.nullNode();
        }
        if (current != null && current.isBoolean() && (t.equals("true") || t.equals("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(t));
        }
        if (current != null && current.isIntegralNumber()) {
            try {
                return NODES.numberNode(Long.parseLong(t));
            } catch (NumberFormatException e) {
                return NODES.textNode(t);
            }
        }
        if (current != null && current.isNumber()) {
            try {
                return NODES.numberNode(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                return NODES.textNode(t);
            }
        }
        return NODES.textNode(t);
    }
}
