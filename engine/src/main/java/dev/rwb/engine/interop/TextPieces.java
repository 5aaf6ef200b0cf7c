package dev.rwb.engine.interop;

/**
 * Cuts text into tokens whose texts concatenate back to exactly the input, so an imported
 * trajectory shows its original text token by token even where a tokenizer normalises (unknown
 * characters, byte-level symbols).
 */
public interface TextPieces {

    /** Receives one token: its id and the exact stretch of the input it covers. */
    @FunctionalInterface
    interface PieceConsumer {
        void accept(int id, String text);
    }

    /** Tokenises {@code text}, handing each token to {@code out} in order. */
    void split(String text, PieceConsumer out);

    /** Wraps any tokenizer: a {@link HfTokenizer} splits by its offsets, others by aligning decoded tokens. */
    static TextPieces of(dev.rwb.engine.model.Tokenizer tokenizer) {
        return tokenizer instanceof HfTokenizer hf ? hf : new AlignedTextPieces(tokenizer);
    }
}
