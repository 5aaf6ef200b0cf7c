package dev.rwb.engine.model;

import java.util.List;

/**
 * Maps text to token ids and back, token by token. Decoding one token at a time must give back
 * exactly the text that produced it, so the inspector can show each token's text.
 */
public interface Tokenizer {
    /** Encodes text into token ids (no BOS/EOS added). */
    int[] encode(String text);

    /** The exact text of one token. */
    String decodeToken(int id);

    /** The text of a sequence of ids (concatenation of {@link #decodeToken}). */
    default String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(decodeToken(id));
        }
        return sb.toString();
    }

    int vocabSize();

    int bosId();

    int eosId();

    int padId();

    /** Id of a single special token such as {@code "</search>"}; throws if it is not in the vocabulary. */
    int specialId(String token);

    /** The whole vocabulary in id order, so it can travel with checkpoints. */
    List<String> vocabulary();
}
