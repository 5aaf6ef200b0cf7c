package dev.rwb.engine.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat message in the Hugging Face / OpenAI shape that chat templates read: a role
 * ({@code system}, {@code user}, {@code assistant}, {@code tool}), its text, and for assistant
 * messages optional reasoning and tool calls.
 *
 * @param role the message's role as the template sees it
 * @param content the message text; never null (templates test it with {@code in} and {@code startswith})
 * @param reasoningContent model reasoning given apart from the content, or null (Qwen3's {@code reasoning_content})
 * @param toolCalls tool calls of an assistant message (empty for others)
 * @param toolCallId the call a {@code tool} message answers, or null
 * @param name the tool's name on a {@code tool} message, or null
 * @param weight loss weight of an assistant message's tokens (OpenAI fine-tuning's {@code weight}); never rendered
 */
public record ChatMessage(String role, String content, String reasoningContent, List<ToolCall> toolCalls,
                          String toolCallId, String name, float weight) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, List.of(), null, null, 0f);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, List.of(), null, null, 0f);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, List.of(), null, null, 1f);
    }

    /** An assistant message that calls tools (its content may be empty). */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, null, toolCalls, null, null, 1f);
    }

    /** A tool's answer to the call {@code toolCallId} (may be null). */
    public static ChatMessage tool(String content, String toolCallId, String name) {
        return new ChatMessage("tool", content, null, List.of(), toolCallId, name, 0f);
    }

    /** The same message with reasoning given apart from the content. */
    public ChatMessage withReasoning(String reasoning) {
        return new ChatMessage(role, content, reasoning, toolCalls, toolCallId, name, weight);
    }

    /** The same message with another loss weight. */
    public ChatMessage withWeight(float newWeight) {
        return new ChatMessage(role, content, reasoningContent, toolCalls, toolCallId, name, newWeight);
    }

    public boolean isAssistant() {
        return "assistant".equals(role);
    }

    /**
     * The dictionary a template sees as {@code message}. Absent optional fields are left out, so
     * {@code message.reasoning_content is defined} is false for them, as in transformers.
     */
    Map<String, Object> toTemplateMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        if (reasoningContent != null) {
            m.put("reasoning_content", reasoningContent);
        }
        if (!toolCalls.isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : toolCalls) {
                calls.add(c.toTemplateMap());
            }
            m.put("tool_calls", calls);
        }
        if (toolCallId != null) {
            m.put("tool_call_id", toolCallId);
        }
        if (name != null) {
            m.put("name", name);
        }
        return m;
    }
}
