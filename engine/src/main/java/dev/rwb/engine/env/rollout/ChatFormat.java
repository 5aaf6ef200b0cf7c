package dev.rwb.engine.env.rollout;

import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Tokenizer;

import java.util.List;
import java.util.Set;

/**
 * How a chat model reads and writes: its tokenizer, its own chat template (with the options to render
 * it, e.g. Qwen3's {@code enable_thinking}), and the tokens that end its turn.
 *
 * @param eosIds token ids that end a turn or the sequence (e.g. {@code <|im_end|>}, {@code <|endoftext|>})
 * @param eosTexts the texts of those tokens as they appear in a rendered chat
 */
public record ChatFormat(Tokenizer tokenizer, ChatTemplate template, RenderOptions options, Set<Integer> eosIds,
                         List<String> eosTexts) {
    public ChatFormat {
        eosIds = Set.copyOf(eosIds);
        eosTexts = List.copyOf(eosTexts);
        if (eosIds.isEmpty()) {
            throw new IllegalArgumentException("a chat model needs at least one end-of-turn token id");
        }
    }

    /**
     * The system message of an episode: the text protocol of its tools and of the final answer, so a
     * chat model that has never seen the task's tags knows them. A call is answered in the next
     * message, which the chat template renders as a tool message.
     */
    public static String systemPrompt(List<Tool> tools) {
        StringBuilder sb = new StringBuilder("Solve the task. ");
        if (!tools.isEmpty()) {
            sb.append("To use a tool, write ");
            for (int i = 0; i < tools.size(); i++) {
                Tool t = tools.get(i);
                sb.append(i == 0 ? "" : " or ").append(t.openTag()).append("…").append(t.closeTag());
            }
            sb.append(" and stop: the tool's result comes back in the next message. ");
        }
        sb.append("Write the final answer as <answer>…</answer>.");
        return sb.toString();
    }
}
