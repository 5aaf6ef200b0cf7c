package dev.rwb.engine.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads chat messages in the OpenAI / transformers JSON shape: a list of
 * {@code {"role", "content", "reasoning_content"?, "tool_calls"?, "tool_call_id"?, "name"?}}, where a
 * tool call is {@code {"id"?, "type": "function", "function": {"name", "arguments"}}} (arguments an
 * object or a JSON string). Errors name the origin, the message index and the field.
 */
public final class ChatMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatMessages() {
    }

    /** Parses a JSON array of messages; {@code origin} (e.g. a file name) prefixes every error. */
    public static List<ChatMessage> parse(String json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(origin + ": expected a JSON array of chat messages");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(message(root.get(i), origin + ": message " + i));
        }
        return out;
    }

    private static ChatMessage message(JsonNode m, String where) {
        if (!m.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String role = text(m, "role", where, true);
        JsonNode content = m.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw new IllegalArgumentException(where + ": field content: expected a string");
        }
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = m.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw new IllegalArgumentException(where + ": field tool_calls: expected a list");
            }
            for (int j = 0; j < toolCalls.size(); j++) {
                calls.add(toolCall(toolCalls.get(j), where + ": tool_calls[" + j + "]"));
            }
        }
        float weight = m.has("weight") ? (float) m.get("weight").asDouble() : "assistant".equals(role) ? 1f : 0f;
        return new ChatMessage(role, content == null || content.isNull() ? "" : content.asText(),
                text(m, "reasoning_content", where, false), calls, text(m, "tool_call_id", where, false),
                text(m, "name", where, false), weight);
    }

    private static ToolCall toolCall(JsonNode c, String where) {
        JsonNode f = c.has("function") ? c.get("function") : c;
        String name = text(f, "name", where, true);
        JsonNode args = f.get("arguments");
        Object arguments;
        if (args == null || args.isNull()) {
            arguments = Map.of();
        } else if (args.isTextual()) {
            arguments = args.asText();
        } else if (args.isObject()) {
            arguments = JSON.convertValue(args, new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        } else {
            throw new IllegalArgumentException(where + ": field arguments: expected an object or a JSON string");
        }
        return new ToolCall(text(c, "id", where, false), name, arguments);
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": missing field " + field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": field " + field + ": expected a string");
        }
        return v.asText();
    }
}
