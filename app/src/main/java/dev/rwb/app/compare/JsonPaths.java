package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Flattens a JSON tree to its leaves keyed by dotted path ({@code algorithm.group_size}, {@code list[2]}). */
public final class JsonPaths {
    private JsonPaths() {
    }

    /** Leaves in document order; values as compact JSON text (strings unquoted, null as "null"). */
    public static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(root, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject() && node.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.put(path, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
