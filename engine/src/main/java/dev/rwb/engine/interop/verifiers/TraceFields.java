package dev.rwb.engine.interop.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.interop.TaggedText;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trajectory-level fields of one verifiers trace: the task key is the prompt id, the episode's
 * group the group (else the task key), the env the task name; {@code rewards} (score × weight each)
 * are the reward components and their sum the reward (NaN when scoring never ran); the task row's
 * {@code answer} is the ground truth; {@code stop_condition} gives the finish reason, and a failed
 * trace's {@code errors} its tool error (generation failed) or verifier error (scoring failed).
 */
final class TraceFields {
    private static final Set<String> LENGTH_STOPS = Set.of("max_input_tokens", "max_output_tokens",
            "max_total_tokens", "context_length");
    private static final int MAX_ERROR_CHARS = 2000;

    private final Context context;
    private final String promptId;
    private final String groupId;
    private final String task;
    private final String groundTruth;
    private final double reward;
    private final Map<String, Double> components;
    private final FinishReason finish;
    private final String toolError;
    private final String verifierError;

    private TraceFields(Context context, JsonRecord trace) throws TrajectoryFormatException {
        this.context = context;
        JsonNode taskNode = trace.node().path("task");
        String key = textOr(taskNode.get("key"), textOr(taskNode.get("hash"), context.taskKey));
        this.promptId = key == null ? "" : key;
        this.groupId = context.groupId != null ? context.groupId : promptId;
        this.task = context.env != null ? context.env : textOr(taskNode.get("type"), "verifiers");
        JsonNode answer = taskNode.path("data").get("answer");
        this.groundTruth = answer == null || answer.isNull() || answer.isContainerNode() ? "" : answer.asText();
        this.components = new LinkedHashMap<>();
        double sum = 0;
        JsonNode rewards = trace.node().get("rewards");
        if (rewards != null && rewards.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = rewards.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue;
                }
                JsonRecord r = trace.child(e.getValue(), "rewards." + e.getKey()).requireObject();
                // verifiers trace.py: Reward.value = score * weight; Trace.reward sums the values
                double value = r.number("score") * r.optNumber("weight", 1.0);
                components.put(e.getKey(), value);
                sum += value;
            }
        }
        this.reward = components.isEmpty() ? Double.NaN : sum;
        String stop = textOr(trace.node().get("stop_condition"), "");
        this.finish = finish(stop, trace.node().path("calls"));
        boolean failed = !trace.node().path("ok").asBoolean(true);
        String errors = failed ? errors(trace.node().path("errors")) : null;
        this.toolError = "error".equals(stop) ? errors : null;
        this.verifierError = "error".equals(stop) ? null : errors;
    }

    static TraceFields read(JsonRecord trace, Context context) throws TrajectoryFormatException {
        return new TraceFields(context, trace);
    }

    /** One branch's trajectory. */
    Trajectory trajectory(List<MessageNode> path, TokenArrays tokens) {
        int toolCalls = 0;
        String lastAssistant = null;
        for (MessageNode n : path) {
            if ((n.sampled() || n.sampledCount() > 0) && n.role().equals("assistant")) {
                toolCalls += n.toolCalls();
                lastAssistant = n.contentText();
            }
        }
        String answer = lastAssistant;
        if (lastAssistant != null) {
            String tagged = TaggedText.segment(lastAssistant, Role.OTHER_MODEL).finalAnswer();
            answer = tagged != null ? tagged : lastAssistant.strip();
        }
        int sample = context.samplesPerGroup.merge(context.run + '\u0000' + context.step + '\u0000' + groupId, 1,
                Integer::sum) - 1;
        return new Trajectory(0, context.run, context.step, promptId, groupId, sample, task, groundTruth, answer,
                reward, components, reward >= 1.0, finish, toolCalls, false, context.segments, tokens, toolError,
                verifierError);
    }

    private static FinishReason finish(String stop, JsonNode calls) {
        if (stop.equals("max_turns")) {
            return FinishReason.MAX_TURNS;
        }
        if (LENGTH_STOPS.contains(stop)) {
            return FinishReason.LENGTH;
        }
        if (stop.equals("error")) {
            return FinishReason.TOOL_ERROR;
        }
        // verifiers Trace.is_truncated: the last call that did not fail finished by length
        for (int i = calls.size() - 1; i >= 0; i--) {
            JsonNode call = calls.get(i);
            if (call.path("error").isMissingNode() || call.path("error").isNull()) {
                return "length".equals(call.path("finish_reason").asText()) ? FinishReason.LENGTH : FinishReason.STOP;
            }
        }
        return FinishReason.STOP;
    }

    private static String errors(JsonNode errors) {
        if (!errors.isArray() || errors.isEmpty()) {
            return "the trace did not complete successfully (ok = false)";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : errors) {
            sb.append(sb.length() > 0 ? "; " : "").append(e.path("type").asText("error")).append(": ")
                    .append(e.path("message").asText(""));
        }
        return sb.length() > MAX_ERROR_CHARS ? sb.substring(0, MAX_ERROR_CHARS) + "…" : sb.toString();
    }

    private static String textOr(JsonNode v, String fallback) {
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty() ? fallback : v.asText();
    }

    /** What one line (an episode, or a bare trace) says about all its traces: run, step, env, group. */
    record Context(String run, int step, String env, String groupId, String taskKey, List<PolicySegment> segments,
                   Map<String, Integer> samplesPerGroup) {

        static Context of(JsonRecord line, ImportOptions options, String fallbackRun, int folderStep,
                          Map<String, Integer> samplesPerGroup) throws TrajectoryFormatException {
            JsonNode n = line.node();
            JsonNode runNode = n.path("run");
            String run = textOr(runNode.get("name"), textOr(runNode.get("id"), fallbackRun));
            JsonNode work = runNode.path("work");
            if ("train".equals(runNode.path("type").asText()) && "eval".equals(work.path("type").asText())) {
                // evaluation work during a training run: its own run, so eval rewards do not mix into training's
                run = run + "-eval";
            }
            int step = folderStep;
            if (work.has("step")) {
                step = line.child(work, "run.work").integer("step");
            }
            List<PolicySegment> segments = List.of();
            JsonNode policy = work.path("policy");
            if (policy.has("start") && policy.path("start").asInt() == policy.path("end").asInt(-1)) {
                // one live policy version wrote the whole episode; a span of versions says no more than that
                segments = List.of(new PolicySegment(0, policy.path("start").asInt()));
            }
            JsonNode task = n.path("task");
            return new Context(options.runOr(run), step, textOr(n.path("env").get("name"),
                    textOr(n.path("env").get("id"), null)), textOr(n.path("group").get("id"), null),
                    textOr(task.get("key"), textOr(task.get("hash"), null)), segments, samplesPerGroup);
        }
    }
}
