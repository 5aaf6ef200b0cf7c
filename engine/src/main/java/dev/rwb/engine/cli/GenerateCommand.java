package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatMessages;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.ChatTemplateException;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelException;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.SamplingParams;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code rwb generate --model DIR --prompt-file F [--chat] --max-new-tokens N --temperature T [--top-p P] --json}:
 * KV-cache generation from a Hugging Face model; temperature 0 is greedy. Prints
 * {@code {"prompt_ids", "token_ids" (new tokens only), "text"}}. With {@code --chat} the prompt file
 * is a JSON list of chat messages (or plain text, taken as one user message), rendered with the
 * model's own chat template and its generation prompt; generation then also stops at the
 * tokenizer config's end-of-turn token.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a continuation with a Hugging Face model (KV cache; temperature 0 = greedy).")
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOption modelOption;

    static final class Prompt {
        @Option(names = "--prompt-file", paramLabel = "F", description = "Prompt text, encoded with the model's tokenizer.json.")
        Path text;

        @Option(names = "--prompt-ids-file", paramLabel = "F", description = "Prompt as token ids (no tokenizer needed).")
        Path ids;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Most new tokens (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default), else sampled.")
    float temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass (default ${DEFAULT-VALUE} = off).")
    float topP;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens (default 0 = off).")
    int topK;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object (default: the text only).")
    boolean json;

    @Option(names = "--chat", description = "The prompt file holds chat messages (a JSON list, or plain text as one user "
            + "message), rendered with the model's chat template and generation prompt.")
    boolean chat;

    @Option(names = "--no-thinking", description = "With --chat: render with enable_thinking=false (Qwen3's empty think block).")
    boolean noThinking;

    @Override
    public Integer call() throws Exception {
        try (HfModel model = modelOption.load()) {
            Path tokenizerFile = model.source().path().resolve("tokenizer.json");
            HfTokenizer tokenizer = Files.isRegularFile(tokenizerFile) ? HfTokenizer.loadModel(model.source().path()) : null;
            try {
                int[] promptIds;
                if (prompt.ids != null) {
                    promptIds = IdsFile.read(prompt.ids);
                } else {
                    if (tokenizer == null) {
                        throw new IllegalArgumentException(model.source().path() + ": no tokenizer.json to encode --prompt-file"
                                + " (use --prompt-ids-file)");
                    }
                    String promptText = Files.readString(prompt.text);
                    promptIds = tokenizer.encode(chat ? renderChat(model, promptText) : promptText);
                }
                if (chat && prompt.ids != null) {
                    throw new IllegalArgumentException("--chat needs --prompt-file (messages or text), not --prompt-ids-file");
                }
                SamplingParams sampling = new SamplingParams(temperature, topK, topP, seed);
                Generation g;
                if (chat) {
                    Set<Integer> stops = new LinkedHashSet<>(model.stopTokens());
                    for (int id : tokenizer.eosIds()) {
                        stops.add(id);
                    }
                    try (GenerationSession session = model.start(List.of(promptIds), sampling)) {
                        g = session.generate(new boolean[] {true}, maxNewTokens, stops).get(0);
                    }
                } else {
                    g = model.generate(promptIds, maxNewTokens, sampling);
                }
                String text = tokenizer == null ? null : tokenizer.decode(g.tokenIds());
                if (json) {
                    System.out.println(toJson(promptIds, g, text));
                } else {
                    System.out.println(text != null ? text : java.util.Arrays.toString(g.tokenIds()));
                }
                return 0;
            } finally {
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        } catch (HfModelException | IllegalArgumentException | IOException e) {
            System.err.println("rwb generate: " + e.getMessage());
            return 2;
        }
    }

    /** The prompt file's messages (or its text as one user message) through the model's chat template. */
    private String renderChat(HfModel model, String promptText) throws IOException {
        String origin = prompt.text.toString();
        List<ChatMessage> messages = promptText.stripLeading().startsWith("[")
                ? ChatMessages.parse(promptText, origin) : List.of(ChatMessage.user(promptText));
        RenderOptions.Builder options = RenderOptions.builder().addGenerationPrompt(true);
        if (noThinking) {
            options.variable("enable_thinking", false);
        }
        try {
            return ChatTemplate.load(model.source().path()).render(messages, options.build());
        } catch (ChatTemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String toJson(int[] promptIds, Generation g, String text) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode p = out.putArray("prompt_ids");
        for (int id : promptIds) {
            p.add(id);
        }
        ArrayNode t = out.putArray("token_ids");
        for (int id : g.tokenIds()) {
            t.add(id);
        }
        if (text == null) {
            out.putNull("text");
        } else {
            out.put("text", text);
        }
        ScoreCommand.floats(out.putArray("logprob"), g.logprobs());
        out.put("stopped_on_eos", g.stoppedOnStopToken());
        return mapper.writeValueAsString(out);
    }
}
