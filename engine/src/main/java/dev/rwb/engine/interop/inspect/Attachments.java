package dev.rwb.engine.interop.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.util.Iterator;
import java.util.Map;

/**
 * inspect_ai stores large strings once per sample in {@code attachments} and writes
 * {@code attachment://<hash>} in their place; this puts the text back, in place.
 */
final class Attachments {
    private static final String PREFIX = "attachment://";

    private Attachments() {
    }

    static void resolve(JsonRecord sample) throws TrajectoryFormatException {
        JsonNode attachments = sample.node().get("attachments");
        if (attachments != null && !attachments.isNull() && !attachments.isObject()) {
            throw sample.error("attachments", "expected an object of hash → text");
        }
        resolve(sample, sample.node(), "", attachments);
    }

    private static void resolve(JsonRecord sample, JsonNode node, String path, JsonNode attachments)
            throws TrajectoryFormatException {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("attachments") && path.isEmpty()) {
                    continue;
                }
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode replaced = replacement(sample, e.getValue(), p, attachments);
                if (replaced != null) {
                    e.setValue(replaced);
                } else {
                    resolve(sample, e.getValue(), p, attachments);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                JsonNode replaced = replacement(sample, a.get(i), p, attachments);
                if (replaced != null) {
                    a.set(i, replaced);
                } else {
                    resolve(sample, a.get(i), p, attachments);
                }
            }
        }
    }

    private static JsonNode replacement(JsonRecord sample, JsonNode v, String path, JsonNode attachments)
            throws TrajectoryFormatException {
        if (!v.isTextual() || !v.asText().startsWith(PREFIX)) {
            return null;
        }
        String hash = v.asText().substring(PREFIX.length());
        JsonNode text = attachments == null ? null : attachments.get(hash);
        if (text == null || !text.isTextual()) {
            throw sample.error(path, "refers to attachment '" + hash + "', which the sample's attachments lack");
        }
        return TextNode.valueOf(text.asText());
    }
}
