package dev.rwb.engine.chat;

import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roles and loss weights of a chat rendered with the real Qwen3 template and tokenised with its tokenizer. */
class RenderedChatTest {
    private static ChatTemplate qwen3;
    private static HfTokenizer tokenizer;

    private static final List<ChatMessage> CHAT = List.of(
            ChatMessage.system("You are a calculator."),
            ChatMessage.user("What is 2+3?"),
            ChatMessage.assistant("", List.of(ToolCall.of("calc", Map.of("expression", "2+3")))),
            ChatMessage.tool("5", null, "calc"),
            ChatMessage.assistant("2+3 = 5."));

    @BeforeAll
    static void load() throws Exception {
        qwen3 = ChatTemplate.load(Qwen3TokenizerFiles.dir());
        tokenizer = HfTokenizer.loadModel(Qwen3TokenizerFiles.dir());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void tokenizerConfigGivesTheEndOfTurnToken() {
        assertEquals(List.of("<|im_end|>"), tokenizer.eosTokens());
        assertEquals(tokenizer.specialId("<|im_end|>"), tokenizer.eosId());
        assertEquals(tokenizer.specialId("<|endoftext|>"), tokenizer.padId());
    }

    @Test
    void scaffoldPromptToolAndModelSpans() {
        RenderedChat chat = qwen3.renderWithRoles(CHAT, RenderOptions.builder().tools(ChatTemplateTest.CALC_TOOL).build(),
                tokenizer.eosTokens());
        assertEquals(0, chat.unlocated());
        String text = chat.text();
        // What the model wrote, span by span: the call (from just after "<|im_start|>assistant\n"
        // through its <|im_end|>), then the answer with its empty think block.
        List<String> model = new ArrayList<>();
        List<Role> modelRoles = new ArrayList<>();
        for (RenderedChat.Span s : chat.spans()) {
            if (s.weight() > 0) {
                model.add(s.text(text));
                modelRoles.add(s.role());
                assertTrue(s.message() == 2 || s.message() == 4, "weighted text from message " + s.message());
            }
        }
        assertEquals(List.of("<tool_call>\n{\"name\": \"calc\", \"arguments\": {\"expression\": \"2+3\"}}\n</tool_call><|im_end|>",
                "<think>\n\n</think>\n\n2+3 = 5.<|im_end|>"), model);
        assertEquals(List.of(Role.OTHER_MODEL, Role.OTHER_MODEL), modelRoles);
        assertEquals(Role.PROMPT, chat.spanAt(text.indexOf("What is 2+3?")).role());
        assertEquals(Role.SYSTEM, chat.spanAt(text.indexOf("You are a calculator.")).role());
        assertEquals(0, chat.spanAt(text.indexOf("You are a calculator.")).message());
        RenderedChat.Span toolResult = chat.spanAt(text.indexOf("<tool_response>\n5") + "<tool_response>\n".length());
        assertEquals(Role.TOOL_RESPONSE, toolResult.role());
        assertEquals("5", toolResult.text(text));
        // Scaffold: the tool-schema preamble, the turn headers, the wrapper around the tool result and
        // the newline after each end-of-turn token are nobody's message.
        for (String scaffold : List.of("# Tools", "<|im_start|>assistant\n", "<tool_response>\n", "</tool_response>")) {
            RenderedChat.Span s = chat.spanAt(text.indexOf(scaffold));
            assertEquals(-1, s.message(), scaffold);
            assertEquals(Role.SYSTEM, s.role(), scaffold);
        }
        assertEquals(-1, chat.spanAt(text.indexOf("</tool_call><|im_end|>\n") + "</tool_call><|im_end|>".length()).message());
    }

    @Test
    void tokensOfTheWholeRenderCarryRolesAndWeights() {
        RenderedChat chat = qwen3.renderWithRoles(CHAT, RenderOptions.builder().tools(ChatTemplateTest.CALC_TOOL).build(),
                tokenizer.eosTokens());
        TokenArrays tokens = new TokenSequenceBuilder(TextPieces.of(tokenizer)).appendChat(chat).build();
        // The ids are exactly the tokenizer's ids of the whole render, and the pieces give back the text.
        assertArrayEquals(tokenizer.encode(chat.text()), tokens.tokenIds());
        assertEquals(chat.text(), tokens.text());
        int imStart = tokenizer.specialId("<|im_start|>");
        int imEnd = tokenizer.specialId("<|im_end|>");
        StringBuilder trained = new StringBuilder();
        int weightedImEnd = 0;
        for (int i = 0; i < tokens.length(); i++) {
            float w = tokens.lossWeights()[i];
            if (tokens.tokenIds()[i] == imStart) {
                assertEquals(0f, w, "<|im_start|> is scaffold");
                assertEquals(Role.SYSTEM, tokens.roles()[i]);
            }
            if (w > 0) {
                assertTrue(tokens.roles()[i].isModelWritten(), "weighted token " + i + " has role " + tokens.roles()[i]);
                trained.append(tokens.tokenText()[i]);
                weightedImEnd += tokens.tokenIds()[i] == imEnd ? 1 : 0;
            }
        }
        assertEquals("<tool_call>\n{\"name\": \"calc\", \"arguments\": {\"expression\": \"2+3\"}}\n</tool_call><|im_end|>"
                + "<think>\n\n</think>\n\n2+3 = 5.<|im_end|>", trained.toString());
        // Both stop tokens the model sampled are in the loss; the system turn's and the user's are not.
        assertEquals(2, weightedImEnd);
        // The builder cuts model text by its tags.
        assertEquals(Role.TOOL_CALL, roleOfToken(tokens, "<tool_call>"));
        assertEquals(Role.REASONING, roleOfToken(tokens, "<think>"));
        assertEquals(Role.OTHER_MODEL, roleOfToken(tokens, "5"));
        // Two model turns: the call, then (after the tool result) the answer.
        int lastTurn = tokens.turns()[tokens.length() - 1];
        assertEquals(1, lastTurn);
    }

    private static Role roleOfToken(TokenArrays tokens, String text) {
        for (int i = tokens.length() - 1; i >= 0; i--) {
            if (tokens.tokenText()[i].equals(text)) {
                return tokens.roles()[i];
            }
        }
        throw new AssertionError("no token '" + text + "'");
    }

    @Test
    void generationHeaderAddedByTheTemplateStaysScaffold() {
        // With thinking off, the template itself writes an empty think block after the header; the model
        // did not write it, so it must not be trained on.
        List<ChatMessage> chat = List.of(ChatMessage.user("2+3?"), ChatMessage.assistant("5"));
        RenderOptions noThinking = RenderOptions.builder().variable("enable_thinking", false).build();
        String prompt = qwen3.render(chat.subList(0, 1), noThinking.withGenerationPrompt(true));
        assertTrue(prompt.endsWith("<think>\n\n</think>\n\n"), prompt);
        RenderedChat rendered = qwen3.renderWithRoles(chat, noThinking, tokenizer.eosTokens());
        StringBuilder weighted = new StringBuilder();
        for (RenderedChat.Span s : rendered.spans()) {
            if (s.weight() > 0) {
                weighted.append(s.text(rendered.text()));
            }
        }
        assertEquals("5<|im_end|>", weighted.toString());
    }
}
