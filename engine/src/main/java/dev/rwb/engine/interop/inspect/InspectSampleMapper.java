package dev.rwb.engine.interop.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ChatRenderer;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.interop.TaggedText;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TopLogprobs;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One inspect_ai sample → one trajectory: messages rendered as chat, the final assistant message
 * taken token by token from {@code output.choices[0].logprobs.content} when the log has logprobs,
 * scores as reward components (the first score is the reward; "C"/"I"/"P"/"N" read as 1/0/0.5/0),
 * the sample id as prompt and group (its epochs are the group's samples).
 */
final class InspectSampleMapper {
    private final String run;
    private final String task;
    private final TextPieces pieces;
    private final Tokenizer tokenizer;

    InspectSampleMapper(String run, String task, TextPieces pieces, Tokenizer tokenizer) {
        this.run = run;
        this.task = task;
        this.pieces = pieces;
        this.tokenizer = tokenizer;
    }

    Trajectory map(JsonRecord s) throws TrajectoryFormatException {
        s.requireObject();
        Attachments.resolve(s);
        JsonNode messages = s.array("messages");
        JsonNode logprobs = s.node().path("output").path("choices").path(0).path("logprobs").path("content");
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).path("role").asText().equals("assistant")) {
                lastAssistant = i;
            }
        }
        TokenSequenceBuilder tokens = new TokenSequenceBuilder(pieces);
        ChatRenderer chat = new ChatRenderer(tokens);
        String lastText = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonRecord m = s.child(messages.get(i), "messages[" + i + "]").requireObject();
            String role = m.text("role");
            switch (role) {
                case "system" -> chat.system(text(m, null));
                case "user" -> chat.user(text(m, null));
                case "tool" -> chat.tool(text(m, null) + (m.has("error") ? "\nerror: " + m.node().get("error") : ""));
                case "assistant" -> {
                    if (i == lastAssistant && logprobs.isArray() && !logprobs.isEmpty()) {
                        text(m, chat);
                        lastText = appendLogprobTokens(s, logprobs, tokens);
                    } else {
                        lastText = text(m, chat);
                        chat.assistant(lastText, 1f);
                    }
                    toolCalls(m, chat);
                }
                default -> throw m.error("role", "unknown role '" + role + "' (expected system, user, assistant or tool)");
            }
        }
        return trajectory(s, tokens, lastText);
    }

    /**
     * A message's text. String content is the text; a list of parts joins its text parts, and its
     * reasoning parts go to {@code reasoningTo} (null: dropped, as for non-assistant messages).
     */
    private static String text(JsonRecord m, ChatRenderer reasoningTo) throws TrajectoryFormatException {
        JsonNode c = m.node().get("content");
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw m.error("content", "expected a string or a list of content parts, found " + JsonRecord.describe(c));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonRecord part = m.child(c.get(i), "content[" + i + "]").requireObject();
            String type = part.text("type");
            switch (type) {
                case "text" -> sb.append(part.text("text"));
                case "reasoning" -> {
                    if (reasoningTo != null) {
                        reasoningTo.reasoning(part.text("reasoning"), 1f);
                    }
                }
                default -> sb.append('[').append(type).append(']');
            }
        }
        return sb.toString();
    }

    private static void toolCalls(JsonRecord m, ChatRenderer chat) throws TrajectoryFormatException {
        if (!m.has("tool_calls")) {
            return;
        }
        JsonNode calls = m.array("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonRecord call = m.child(calls.get(i), "tool_calls[" + i + "]").requireObject();
            JsonNode args = call.node().get("arguments");
            chat.toolCall(call.text("function"), args == null || args.isNull() ? "{}" : args.toString(), 1f);
        }
    }

    /** inspect's {@code top_logprobs} of one output token: {@code [{token, logprob, bytes}]}, most likely first. */
    private static TopLogprobs alternatives(JsonRecord t) throws TrajectoryFormatException {
        JsonNode top = t.node().get("top_logprobs");
        if (top == null || top.isNull() || top.isEmpty()) {
            return TopLogprobs.NONE;
        }
        JsonNode arr = t.array("top_logprobs");
        String[] tokens = new String[arr.size()];
        float[] logprobs = new float[arr.size()];
        for (int k = 0; k < arr.size(); k++) {
            JsonRecord alt = t.child(arr.get(k), "top_logprobs[" + k + "]").requireObject();
            tokens[k] = alt.text("token");
            double lp = alt.number("logprob");
            if (lp > 1e-4) {
                throw alt.error("logprob", "a log-probability cannot be positive, found " + lp);
            }
            logprobs[k] = (float) Math.min(0, lp);
        }
        return new TopLogprobs(tokens, logprobs);
    }

    /** The output tokens exactly as the model produced them, roles from their tags; returns their text. */
    private String appendLogprobTokens(JsonRecord s, JsonNode content, TokenSequenceBuilder tokens)
            throws TrajectoryFormatException {
        List<String> texts = new ArrayList<>(content.size());
        float[] lps = new float[content.size()];
        TopLogprobs[] alternatives = new TopLogprobs[content.size()];
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonRecord t = s.child(content.get(i), "output.choices[0].logprobs.content[" + i + "]").requireObject();
            texts.add(t.text("token"));
            double lp = t.number("logprob");
            if (lp > 1e-4) {
                throw t.error("logprob", "a log-probability cannot be positive, found " + lp);
            }
            lps[i] = (float) lp;
            alternatives[i] = alternatives(t);
            all.append(texts.get(i));
        }
        TaggedText.Segmentation seg = TaggedText.segment(all.toString(), Role.OTHER_MODEL);
        int offset = 0;
        int span = 0;
        for (int i = 0; i < texts.size(); i++) {
            while (span < seg.spans().size() - 1 && seg.spans().get(span).end() <= offset) {
                span++;
            }
            Role role = seg.spans().isEmpty() ? Role.OTHER_MODEL : seg.spans().get(span).role();
            tokens.appendToken(idOf(texts.get(i)), texts.get(i), role, role.isModelWritten() ? 1f : 0f, lps[i],
                    alternatives[i]);
            offset += texts.get(i).length();
        }
        for (int i = 0; i < seg.toolCalls(); i++) {
            tokens.countToolCall();
        }
        return all.toString();
    }

    /** The id of a token text when the tokenizer has it as one token; -1 when the id is unknown. */
    private int idOf(String token) {
        if (tokenizer == null) {
            return -1;
        }
        int[] ids = tokenizer.encode(token);
        return ids.length == 1 ? ids[0] : -1;
    }

    private Trajectory trajectory(JsonRecord s, TokenSequenceBuilder tokens, String lastText)
            throws TrajectoryFormatException {
        JsonNode idNode = s.node().get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
            throw s.error("id", idNode == null ? "missing" : "expected a string or an integer");
        }
        int epoch = s.has("epoch") ? s.integer("epoch") : 1;
        Map<String, Double> scores = new LinkedHashMap<>();
        String answer = null;
        JsonNode scoresNode = s.node().get("scores");
        if (scoresNode != null && scoresNode.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = scoresNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                double v = scoreValue(e.getValue().get("value"));
                if (!Double.isNaN(v)) {
                    scores.put(e.getKey(), v);
                }
                if (answer == null && e.getValue().path("answer").isTextual()) {
                    answer = e.getValue().path("answer").asText();
                }
            }
        }
        double reward = scores.isEmpty() ? Double.NaN : scores.values().iterator().next();
        String finalAnswer = answer != null ? answer : tokens.finalAnswer() != null ? tokens.finalAnswer()
                : lastText == null ? null : lastText.trim();
        String stop = s.node().path("output").path("stop_reason").asText("");
        FinishReason finish = stop.equals("max_tokens") || stop.equals("model_length") ? FinishReason.LENGTH
                : FinishReason.STOP;
        return new Trajectory(0, run, 0, idNode.asText(), idNode.asText(), epoch - 1, task, target(s.node().get("target")),
                finalAnswer, reward, scores, reward >= 1.0, finish, tokens.toolCalls(), true, List.of(), tokens.build());
    }

    /** inspect's score values: numbers, booleans, or the letters C (correct), I, P (partial), N. */
    static double scoreValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1 : 0;
        }
        return switch (v.asText()) {
            case "C" -> 1.0;
            case "P" -> 0.5;
            case "I", "N" -> 0.0;
            default -> Double.NaN;
        };
    }

    private static String target(JsonNode t) {
        if (t == null || t.isNull()) {
            return "";
        }
        if (t.isArray()) {
            List<String> parts = new ArrayList<>();
            t.forEach(x -> parts.add(x.asText()));
            return String.join(" | ", parts);
        }
        return t.asText();
    }
}
