package dev.rwb.engine.interop.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One verifiers v1 message node ({@code verifiers/v1/graph.py}, {@code MessageNode}): a message and
 * the tokens it adds to the cumulative sequence. {@code tokenIds}, {@code mask}, {@code isContent}
 * and each loss stream are aligned to the node's tokens; {@code logprobs}, {@code advantages} and
 * {@code referenceLogprobs} are compact, one value per {@code mask == true} token, as verifiers
 * writes them. {@code isContent} is empty when the renderer did not attribute content; the
 * advantages and reference logprobs are null when nobody assigned them.
 *
 * @param parent index of the predecessor node, or −1 for a root
 * @param role the message's role: system, user, assistant or tool
 * @param sampled whether a model call produced this message
 * @param message the message object (content, tool_calls, reasoning_content)
 */
record MessageNode(int parent, String role, boolean sampled, JsonNode message, int[] tokenIds, boolean[] mask,
                   boolean[] isContent, float[] logprobs, float[] advantages, float[] referenceLogprobs,
                   Map<String, float[]> lossWeights) {

    /** Number of tokens the model sampled in this node ({@code mask == true}). */
    int sampledCount() {
        int c = 0;
        for (boolean m : mask) {
            c += m ? 1 : 0;
        }
        return c;
    }

    /** Number of tool calls the message makes. */
    int toolCalls() {
        JsonNode calls = message.get("tool_calls");
        return calls != null && calls.isArray() ? calls.size() : 0;
    }

    /** The message's text: string content, or its text parts joined by newlines (verifiers' content_text). */
    String contentText() {
        JsonNode c = message.get("content");
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : c) {
            if ("text".equals(part.path("type").asText()) && part.has("text")) {
                sb.append(sb.length() > 0 ? "\n" : "").append(part.get("text").asText());
            }
        }
        return sb.toString();
    }

    /**
     * Reads {@code traces[t].nodes[i]}, checking every array against {@code token_ids}.
     *
     * @param node the node's record (its errors name its full path)
     * @param index the node's index, for the parent check (a parent always comes earlier)
     */
    static MessageNode read(JsonRecord node, int index) throws TrajectoryFormatException {
        node.requireObject();
        int parent = -1;
        if (node.has("parent")) {
            parent = node.integer("parent");
            if (parent < 0 || parent >= index) {
                throw node.error("parent", "node " + index + " names parent " + parent
                        + "; a parent must be an earlier node (0.." + (index - 1) + ")");
            }
        }
        JsonNode messageNode = node.node().get("message");
        if (messageNode == null || !messageNode.isObject()) {
            throw node.error("message", messageNode == null ? "missing" : "expected an object");
        }
        JsonRecord message = node.child(messageNode, "message");
        String role = message.text("role");
        if (!role.equals("system") && !role.equals("user") && !role.equals("assistant") && !role.equals("tool")) {
            throw message.error("role", "unknown role '" + role + "' (expected system, user, assistant or tool)");
        }
        boolean sampled = node.node().path("sampled").asBoolean(false);
        int[] ids = ints(node, "token_ids");
        boolean[] mask = booleans(node, "mask", ids.length, true);
        boolean[] isContent = booleans(node, "is_content", ids.length, false);
        int sampledTokens = 0;
        for (boolean m : mask) {
            sampledTokens += m ? 1 : 0;
        }
        float[] logprobs = compact(node, "logprobs", sampledTokens, true);
        float[] advantages = compact(node, "advantages", sampledTokens, false);
        float[] reference = compact(node, "reference_logprobs", sampledTokens, false);
        return new MessageNode(parent, role, sampled, messageNode, ids, mask, isContent, logprobs, advantages,
                reference, streams(node, ids.length));
    }

    private static int[] ints(JsonRecord r, String name) throws TrajectoryFormatException {
        if (!r.has(name)) {
            return new int[0];
        }
        JsonNode arr = r.array(name);
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = arr.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw r.error(name + "[" + i + "]", "expected a token id (an integer ≥ 0), found " + JsonRecord.describe(v));
            }
            out[i] = v.asInt();
        }
        return out;
    }

    /** An array aligned to token_ids; absent or empty means none (required: then the node must have no tokens). */
    private static boolean[] booleans(JsonRecord r, String name, int n, boolean required)
            throws TrajectoryFormatException {
        JsonNode arr = r.node().get(name);
        if (arr == null || arr.isNull() || (arr.isArray() && arr.isEmpty())) {
            if (required && n > 0) {
                throw r.error(name, "missing, but the node has " + n + " token_ids (" + name
                        + " says which of them the model sampled)");
            }
            return new boolean[0];
        }
        arr = r.array(name);
        if (arr.size() != n) {
            throw r.error(name, "has " + arr.size() + " values but token_ids has " + n
                    + " (verifiers aligns " + name + " to the node's token_ids)");
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = arr.get(i);
            if (!v.isBoolean()) {
                throw r.error(name + "[" + i + "]", "expected true or false, found " + JsonRecord.describe(v));
            }
            out[i] = v.asBoolean();
        }
        return out;
    }

    /**
     * A compact per-sampled-token array, or null when absent. verifiers leaves {@code logprobs}
     * empty for nodes it has none for (input messages, clients that return none).
     */
    private static float[] compact(JsonRecord r, String name, int sampled, boolean emptyMeansNone)
            throws TrajectoryFormatException {
        JsonNode arr = r.node().get(name);
        if (arr == null || arr.isNull() || (emptyMeansNone && arr.isArray() && arr.isEmpty())) {
            return null;
        }
        arr = r.array(name);
        if (arr.size() != sampled) {
            throw r.error(name, "has " + arr.size() + " values but the node's mask marks " + sampled
                    + " sampled tokens (verifiers stores " + name + " for the sampled tokens only)");
        }
        return floats(r, name, arr);
    }

    private static Map<String, float[]> streams(JsonRecord r, int n) throws TrajectoryFormatException {
        Map<String, float[]> out = new LinkedHashMap<>();
        JsonNode obj = r.node().get("loss_weights");
        if (obj == null || obj.isNull()) {
            return out;
        }
        if (!obj.isObject()) {
            throw r.error("loss_weights", "expected an object of stream name → per-token weights, found "
                    + JsonRecord.describe(obj));
        }
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "loss_weights." + e.getKey();
            if (e.getValue().isNull()) {
                continue;
            }
            if (!e.getValue().isArray()) {
                throw r.error(field, "expected an array of weights, found " + JsonRecord.describe(e.getValue()));
            }
            if (e.getValue().size() != n) {
                throw r.error(field, "has " + e.getValue().size() + " values but token_ids has " + n
                        + " (a loss-weight stream must align with the node's token_ids)");
            }
            out.put(e.getKey(), floats(r, field, e.getValue()));
        }
        return out;
    }

    private static float[] floats(JsonRecord r, String field, JsonNode arr) throws TrajectoryFormatException {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = arr.get(i);
            if (v.isNull()) {
                out[i] = Float.NaN;
            } else if (v.isNumber()) {
                out[i] = (float) v.asDouble();
            } else {
                throw r.error(field + "[" + i + "]", "expected a number or null, found " + JsonRecord.describe(v));
            }
        }
        return out;
    }
}
