package dev.rwb.engine.interop.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ChatRenderer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.TrajectoryWork;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.interop.TokenizerChoice;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI chat fine-tuning JSONL: one conversation per line, {@code messages} with roles system,
 * developer, user, assistant and tool; assistant {@code tool_calls} whose {@code function.arguments}
 * is a JSON string; tool messages with {@code tool_call_id}; an optional per-message {@code weight}
 * (0 or 1) on assistant messages, which becomes those tokens' loss weight. Conversations with the
 * same opening (everything before the first assistant message) share a prompt and group id.
 */
public final class OpenAiChatImporter implements Importer {
    @Override
    public ImportFormat format() {
        return ImportFormat.OPENAI_CHAT;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        readDeferred(source, options, work -> sink.accept(work.build()));
    }

    @Override
    public void readDeferred(Path source, ImportOptions options, TrajectoryWork.Sink sink)
            throws IOException, TrajectoryFormatException {
        String name = source.getFileName().toString();
        String run = options.runOr(name.replaceFirst("\\.jsonl?$", ""));
        TextPieces pieces = TokenizerChoice.pieces(options, sampleTexts(source, name));
        JsonLines.forEachLineMetered(source, name, (line, no) ->
                sink.accept(() -> toTrajectory(JsonLines.parse(line, name, no), run, no - 1, pieces)));
    }

    private static List<String> sampleTexts(Path source, String name) throws IOException {
        List<String> texts = new ArrayList<>();
        try {
            JsonLines.forEachLine(source, name, (line, no) -> {
                if (no <= TokenizerChoice.SAMPLE_RECORDS) {
                    for (JsonNode m : JsonLines.parse(line, name, no).node().path("messages")) {
                        texts.add(m.path("content").asText(""));
                    }
                }
            });
        } catch (TrajectoryFormatException e) {
            // The full pass reports it with its place.
        }
        return texts;
    }

    private static Trajectory toTrajectory(JsonRecord r, String run, int index, TextPieces pieces)
            throws TrajectoryFormatException {
        JsonNode messages = r.array("messages");
        if (messages.isEmpty()) {
            throw r.error("messages", "is empty");
        }
        if (r.has("tools") && !r.node().get("tools").isArray()) {
            throw r.error("tools", "expected an array of function schemas");
        }
        TokenSequenceBuilder tokens = new TokenSequenceBuilder(pieces);
        ChatRenderer chat = new ChatRenderer(tokens);
        StringBuilder opening = new StringBuilder();
        boolean answered = false;
        String lastAssistant = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonRecord m = r.child(messages.get(i), "messages[" + i + "]").requireObject();
            String role = m.text("role");
            String content = content(m);
            if (!answered && !role.equals("assistant")) {
                opening.append(role).append('\u0000').append(content).append('\u0000');
            }
            switch (role) {
                case "system", "developer" -> chat.system(content);
                case "user" -> chat.user(content);
                case "tool", "function" -> chat.tool(content);
                case "assistant" -> {
                    answered = true;
                    float weight = weight(m);
                    chat.assistant(content, weight);
                    lastAssistant = content.isBlank() ? lastAssistant : content.trim();
                    toolCalls(m, chat, weight);
                }
                default -> throw m.error("role", "unknown role '" + role + "' (expected system, developer, user, "
                        + "assistant or tool)");
            }
        }
        String promptKey = Integer.toHexString(opening.toString().hashCode());
        String answer = tokens.finalAnswer() != null ? tokens.finalAnswer() : lastAssistant;
        double reward = r.optNumber("reward", Double.NaN);
        return new Trajectory(0, run, 0, promptKey, promptKey, index, "openai-chat", "", answer, reward, Map.of(),
                false, FinishReason.STOP, tokens.toolCalls(), true, List.of(), tokens.build());
    }

    /** A message's text: a string, null (empty), or a list of parts whose text parts are joined. */
    static String content(JsonRecord m) throws TrajectoryFormatException {
        JsonNode c = m.node().get("content");
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw m.error("content", "expected a string, null or a list of parts, found " + JsonRecord.describe(c));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonRecord part = m.child(c.get(i), "content[" + i + "]").requireObject();
            String type = part.text("type");
            sb.append(type.equals("text") ? part.text("text") : "[" + type + "]");
        }
        return sb.toString();
    }

    private static float weight(JsonRecord m) throws TrajectoryFormatException {
        if (!m.has("weight")) {
            return 1f;
        }
        double w = m.number("weight");
        if (!(w == 0.0 || w == 1.0)) {
            throw m.error("weight", "expected 0 or 1, found " + w);
        }
        return (float) w;
    }

    private static void toolCalls(JsonRecord m, ChatRenderer chat, float weight) throws TrajectoryFormatException {
        if (!m.has("tool_calls")) {
            return;
        }
        JsonNode calls = m.array("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonRecord call = m.child(calls.get(i), "tool_calls[" + i + "]").requireObject();
            JsonNode fn = call.node().get("function");
            if (fn == null || !fn.isObject()) {
                throw call.error("function", fn == null ? "missing" : "expected an object {name, arguments}");
            }
            JsonRecord f = call.child(fn, "function");
            String args = f.optText("arguments");
            if (args != null && !args.isBlank()) {
                try {
                    JsonLines.mapper().readTree(args);
                } catch (IOException e) {
                    throw f.error("arguments", "is not a JSON string of arguments: " + e.getMessage().split("\n")[0]);
                }
            }
            chat.toolCall(f.text("name"), args, weight);
        }
    }
}
