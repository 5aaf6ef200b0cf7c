package dev.rwb.engine.interop;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.rwb.engine.trajectory.Role;

/**
 * Lays chat messages out as one token sequence without a chat template: each message's text in
 * order, ending with a newline, with roles system → SYSTEM, user → PROMPT, assistant → tag-derived
 * model roles (OTHER_MODEL outside tags), tool calls → TOOL_CALL, tool → TOOL_RESPONSE. Assistant
 * tokens carry the message's loss weight; all others weigh 0.
 */
public final class ChatRenderer {
    private final TokenSequenceBuilder tokens;

    public ChatRenderer(TokenSequenceBuilder tokens) {
        this.tokens = tokens;
    }

    public void system(String text) {
        tokens.append(line(text), Role.SYSTEM, 0f);
    }

    public void user(String text) {
        tokens.append(line(text), Role.PROMPT, 0f);
    }

    /** Model-written text; tags inside it refine the role. */
    public void assistant(String text, float weight) {
        if (text != null && !text.isEmpty()) {
            tokens.appendTagged(line(text), Role.OTHER_MODEL, TokenSequenceBuilder.MODEL_TOKENS_ONLY, weight);
        }
    }

    /** Model-written reasoning given apart from the content (inspect's reasoning parts). */
    public void reasoning(String text, float weight) {
        tokens.append(line(text), Role.REASONING, weight);
    }

    /** One function call, shown as {@code {"name": …, "arguments": …}}. */
    public void toolCall(String name, String argumentsJson, float weight) {
        String args = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(name == null ? "" : name));
        tokens.append(line("{\"name\": \"" + quoted + "\", \"arguments\": " + args + "}"), Role.TOOL_CALL, weight);
        tokens.countToolCall();
    }

    public void tool(String text) {
        tokens.append(line(text), Role.TOOL_RESPONSE, 0f);
    }

    private static String line(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return text.endsWith("\n") ? text : text + "\n";
    }
}
