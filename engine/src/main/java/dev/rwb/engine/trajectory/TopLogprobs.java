package dev.rwb.engine.trajectory;

import java.util.Arrays;
import java.util.Objects;

/**
 * The most likely alternatives the sampler reported at one position (inspect_ai's
 * {@code top_logprobs}, OpenAI's {@code logprobs.content[i].top_logprobs}), most likely first.
 * {@link #NONE} where nothing was reported.
 *
 * @param tokens the alternative tokens' text
 * @param logprobs their log-probabilities, parallel to {@code tokens}
 */
public record TopLogprobs(String[] tokens, float[] logprobs) {
    /** No alternatives reported. */
    public static final TopLogprobs NONE = new TopLogprobs(new String[0], new float[0]);

    public TopLogprobs {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(logprobs, "logprobs");
        if (tokens.length != logprobs.length) {
            throw new IllegalArgumentException("top_logprobs has " + tokens.length + " tokens but "
                    + logprobs.length + " logprobs");
        }
    }

    /** Number of alternatives. */
    public int size() {
        return tokens.length;
    }

    public boolean isEmpty() {
        return tokens.length == 0;
    }

    /** Deep equality (records compare arrays by reference); NaN equals NaN. */
    public boolean contentEquals(TopLogprobs o) {
        return Arrays.equals(tokens, o.tokens) && Arrays.equals(logprobs, o.logprobs);
    }

    /** An array of {@code n} × {@link #NONE}. */
    public static TopLogprobs[] none(int n) {
        TopLogprobs[] out = new TopLogprobs[n];
        Arrays.fill(out, NONE);
        return out;
    }
}
