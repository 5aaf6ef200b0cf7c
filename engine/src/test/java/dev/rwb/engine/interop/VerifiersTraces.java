package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * verifiers v1 trace records built field by field from {@code verifiers/v1/graph.py} (MessageNode),
 * {@code trace.py} (Trace, Reward) and {@code episode.py} (Episode, RunInfo): message nodes whose
 * {@code token_ids} are the delta each message adds, {@code mask} true on sampled tokens,
 * {@code is_content} false on template scaffold, compact {@code logprobs}/{@code advantages}/
 * {@code reference_logprobs} over the sampled tokens and {@code loss_weights} streams aligned to the ids.
 */
final class VerifiersTraces {
    /** Word-level vocabulary: ids 1.. in this order (see {@link Fixtures#wordLevelTokenizer}). */
    static final List<String> WORDS = List.of("<|im_start|>", "system", "You", "search.", "<|im_end|>", "user",
            "Who", "founded", "Acme?", "assistant", "<tool_call>", "search", "Acme", "</tool_call>", "tool", "Ada",
            "<answer>", "</answer>");

    private VerifiersTraces() {
    }

    static ObjectNode node(Integer parent, String role, boolean sampled, int[] ids, boolean[] mask, boolean[] content) {
        ObjectNode n = Fixtures.JSON.createObjectNode();
        if (parent == null) {
            n.putNull("parent");
        } else {
            n.put("parent", parent);
        }
        ObjectNode m = n.putObject("message").put("role", role);
        n.put("sampled", sampled).put("timestamp", 1.7e9);
        ArrayNode tid = n.putArray("token_ids");
        ArrayNode mk = n.putArray("mask");
        ArrayNode ic = n.putArray("is_content");
        for (int i = 0; i < ids.length; i++) {
            tid.add(ids[i]);
            mk.add(mask == null ? false : mask[i]);
            if (content != null) {
                ic.add(content[i]);
            }
        }
        n.putArray("logprobs");
        if (role.equals("tool")) {
            m.put("tool_call_id", "call-1");
        }
        return n;
    }

    static ObjectNode node(Integer parent, String role, int[] ids, boolean[] content) {
        return node(parent, role, false, ids, null, content);
    }

    /** A sampled assistant node: 2 generation-prompt scaffold tokens, the completion, and the sampled {@code <|im_end|>}. */
    static ObjectNode assistant(int parent, int[] completion, String content, double advantage) {
        int n = completion.length + 3;
        int[] ids = new int[n];
        boolean[] mask = new boolean[n];
        boolean[] isContent = new boolean[n];
        ids[0] = 1;
        ids[1] = 10;
        for (int i = 0; i < completion.length; i++) {
            ids[2 + i] = completion[i];
            mask[2 + i] = true;
            isContent[2 + i] = true;
        }
        ids[n - 1] = 5;
        mask[n - 1] = true;
        ObjectNode node = node(parent, "assistant", true, ids, mask, isContent);
        ((ObjectNode) node.get("message")).put("content", content);
        ArrayNode lp = node.putArray("logprobs");
        ArrayNode adv = node.putArray("advantages");
        ArrayNode ref = node.putArray("reference_logprobs");
        ArrayNode rl = node.putObject("loss_weights").putArray("rl");
        rl.add(0.0).add(0.0);
        for (int i = 0; i < completion.length + 1; i++) {
            lp.add(-0.1 * (i + 1));
            adv.add(advantage);
            ref.add(-0.1 * (i + 1) - 0.01);
            rl.add(1.0);
        }
        return node;
    }

    static ObjectNode trace(String taskKey, List<ObjectNode> nodes, double correct) {
        ObjectNode t = Fixtures.JSON.createObjectNode();
        t.put("version", 1).put("id", "trace-" + taskKey);
        t.putObject("verifiers").put("version", "1.0.0");
        ObjectNode task = t.putObject("task").put("type", "QATask").put("key", taskKey);
        task.putObject("data").put("question", "Who founded Acme?").put("answer", "Ada");
        t.putObject("agent").put("name", "solver").put("trainable", true).putObject("config");
        t.putArray("tools");
        ArrayNode arr = t.putArray("nodes");
        nodes.forEach(arr::add);
        ArrayNode calls = t.putArray("calls");
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).get("sampled").asBoolean()) {
                calls.addObject().put("node", i).put("finish_reason", "stop");
            }
        }
        t.putObject("rewards").putObject("correct_answer").put("score", correct).put("weight", 1.0);
        t.putObject("metrics");
        t.put("is_completed", true).put("ok", true).put("stop_condition", "completed");
        t.putArray("errors");
        return t;
    }

    /** system + user + one sampled answer "<answer> Ada </answer>": 17 tokens. */
    static ObjectNode singleTurn(String taskKey, double correct) {
        return trace(taskKey, List.of(
                node(null, "system", new int[]{1, 2, 3, 4, 5}, new boolean[]{false, false, true, true, false}),
                node(0, "user", new int[]{1, 6, 7, 8, 9, 5}, new boolean[]{false, false, true, true, true, false}),
                assistant(1, new int[]{17, 16, 18}, "<answer>Ada</answer>", 0.5)), correct);
    }

    /** user, a sampled tool call, the tool's answer (echo weights its body 0.1 in the ce stream), a sampled answer. */
    static ObjectNode toolTrace(String taskKey) {
        ObjectNode call = assistant(0, new int[]{11, 12, 13, 14}, null, 0.75);
        ObjectNode fn = ((ObjectNode) call.get("message")).putArray("tool_calls").addObject();
        fn.put("id", "call-1").put("name", "search").put("arguments", "{\"query\": \"Acme\"}");
        ObjectNode tool = node(1, "tool", new int[]{1, 15, 16, 5}, new boolean[]{false, false, true, false});
        ((ObjectNode) tool.get("message")).put("content", "Ada");
        tool.putObject("loss_weights").putArray("ce").add(0.0).add(0.0).add(0.1).add(0.0);
        ObjectNode t = trace(taskKey, List.of(
                node(null, "user", new int[]{1, 6, 7, 8, 9, 5}, new boolean[]{false, false, true, true, true, false}),
                call, tool, assistant(2, new int[]{17, 16, 18}, "<answer>Ada</answer>", 0.75)), 1.0);
        ((ObjectNode) t.get("rewards")).putObject("format").put("score", 0.5).put("weight", 0.2);
        return t;
    }

    /** prime-rl's episode record around traces: env, task, group, run with its training work step. */
    static ObjectNode episode(int step, String group, List<ObjectNode> traces) {
        ObjectNode e = Fixtures.JSON.createObjectNode();
        e.put("id", "ep-" + group + "-" + step);
        e.putObject("env").put("id", "search-env").put("name", "search");
        e.putObject("task").put("type", "QATask").put("key", "acme").putObject("data").put("answer", "Ada");
        e.putObject("group").put("id", group);
        ObjectNode run = e.putObject("run").put("type", "train").put("id", "run-1").put("name", "my-run");
        run.putObject("work").put("type", "train").put("step", step).putObject("policy").put("start", step - 1)
                .put("end", step - 1);
        e.put("ok", true);
        e.putArray("errors");
        ArrayNode arr = e.putArray("traces");
        traces.forEach(arr::add);
        return e;
    }
}
