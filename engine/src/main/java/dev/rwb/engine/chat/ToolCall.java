package dev.rwb.engine.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function call in an assistant message. The arguments are either a JSON object already parsed
 * into a map (the transformers convention; templates print it with {@code tojson}) or the JSON
 * text exactly as the model wrote it (the OpenAI convention; templates print it unchanged).
 *
 * @param id the call id, or null
 * @param name the function's name
 * @param arguments a {@code Map<String, Object>} or a {@code String} of JSON
 */
public record ToolCall(String id, String name, Object arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        if (arguments == null) {
            arguments = Map.of();
        }
        if (!(arguments instanceof Map<?, ?>) && !(arguments instanceof String)) {
            throw new IllegalArgumentException("tool call '" + name + "': arguments must be a map or a JSON string, not "
                    + arguments.getClass().getSimpleName());
        }
    }

    /** A call whose arguments are a parsed JSON object. */
    public static ToolCall of(String name, Map<String, ?> arguments) {
        return new ToolCall(null, name, new LinkedHashMap<>(arguments));
    }

    /** The {@code {"type": "function", "function": {…}}} dictionary templates read. */
    Map<String, Object> toTemplateMap() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", arguments);
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.put("type", "function");
        m.put("function", function);
        return m;
    }
}
