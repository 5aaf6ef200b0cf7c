package dev.rwb.engine.lint;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises stop tokens and chat-template tokens by their text, across the tokenizers the
 * workbench reads (its own {@code <eos>}, Qwen/ChatML, Llama 3, Gemma, SentencePiece).
 */
final class SpecialTokens {
    /** Tokens that end generation: the model must learn to emit them. */
    static final Set<String> STOP = Set.of("<eos>", "</s>", "<|endoftext|>", "<|end_of_text|>", "<|im_end|>",
            "<|eot_id|>", "<end_of_turn>", "<|end|>");
    /** Template scaffolding outside the {@code <|…|>} form. */
    private static final Set<String> TEMPLATE = Set.of("<bos>", "<s>", "<pad>", "[INST]", "[/INST]",
            "<start_of_turn>", "<|im_start|>", "<|start_header_id|>", "<|end_header_id|>", "<|begin_of_text|>");
    /** {@code <|anything|>}: the form of every ChatML and Llama 3 special token. */
    private static final Pattern PIPE_TOKEN = Pattern.compile("<\\|[^<>|\\s]+\\|>");

    private SpecialTokens() {
    }

    static boolean isStop(String text) {
        // every stop token starts with '<': most tokens are rejected without hashing them
        return text.length() >= 4 && text.charAt(0) == '<' && STOP.contains(text);
    }

    /** A template or special token that is not a stop token (those belong in the loss when the model wrote them). */
    static boolean isTemplate(String text) {
        // every template token starts with '<' or '[' (the lint asks this of each token: no hash, no Matcher
        // for the rest, which was ~5 % of an import's worker samples)
        if (text.length() < 3 || (text.charAt(0) != '<' && text.charAt(0) != '[')) {
            return false;
        }
        return !isStop(text) && (TEMPLATE.contains(text) || PIPE_TOKEN.matcher(text).matches());
    }
}
