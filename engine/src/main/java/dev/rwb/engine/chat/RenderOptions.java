package dev.rwb.engine.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chat template is rendered with besides the messages, as transformers'
 * {@code apply_chat_template} passes it: {@code add_generation_prompt}, the tool schemas, and
 * extra variables such as Qwen3's {@code enable_thinking}.
 *
 * @param addGenerationPrompt end with the header that starts the assistant's next turn
 * @param tools function schemas ({@code {"type": "function", "function": {...}}}), or empty for none
 * @param variables further template variables
 */
public record RenderOptions(boolean addGenerationPrompt, List<Map<String, Object>> tools, Map<String, Object> variables) {

    public RenderOptions {
        tools = tools == null ? List.of() : List.copyOf(tools);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /** No generation prompt, no tools, no extra variables. */
    public static RenderOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same options with another {@code add_generation_prompt}. */
    public RenderOptions withGenerationPrompt(boolean value) {
        return new RenderOptions(value, tools, variables);
    }

    /** Builder with defaults: no generation prompt, no tools, no variables. */
    public static final class Builder {
        private boolean addGenerationPrompt;
        private List<Map<String, Object>> tools = List.of();
        private final Map<String, Object> variables = new LinkedHashMap<>();

        public Builder addGenerationPrompt(boolean value) {
            this.addGenerationPrompt = value;
            return this;
        }

        public Builder tools(List<Map<String, Object>> value) {
            this.tools = value;
            return this;
        }

        /** A template variable, e.g. {@code variable("enable_thinking", false)}. */
        public Builder variable(String name, Object value) {
            variables.put(name, value);
            return this;
        }

        public RenderOptions build() {
            return new RenderOptions(addGenerationPrompt, tools, variables);
        }
    }
}
