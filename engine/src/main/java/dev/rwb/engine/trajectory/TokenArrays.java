package dev.rwb.engine.trajectory;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-token arrays of one trajectory (DESIGN §4), all of the same length, prompt included.
 *
 * <p>Float fields use {@code NaN} for "not known" (e.g. the logprob of a prompt token, which was
 * never sampled). Instances are immutable by convention: the arrays are not copied for speed, so
 * callers must not modify them after construction.
 *
 * <p>The last four fields keep what some frameworks export beyond the core schema (schema 7):
 * {@code trainerLogprobs} is the trainer's recomputed log-prob of the token (prime-rl
 * {@code trainer_logprobs}; with {@code logprobs} it gives the importance ratio
 * ρ = exp(trainer − inference)), {@code mismatchKl} prime-rl's per-token
 * {@code mismatch_kl} = ρ − log ρ − 1, {@code topLogprobs} the sampler's most likely alternatives
 * (inspect_ai), and {@code lossStreams} named per-token loss-weight streams as verifiers writes them
 * ({@code rl}, {@code ce}, {@code ref_kl}). Unknown floats are NaN, unknown alternatives
 * {@link TopLogprobs#NONE}, and a source without streams has an empty map.
 */
public record TokenArrays(
        int[] tokenIds,
        String[] tokenText,
        Role[] roles,
        int[] turns,
        float[] lossWeights,
        float[] logprobs,
        float[] refLogprobs,
        float[] entropies,
        float[] advantages,
        float[] contributions,
        boolean[] clipped,
        float[] trainerLogprobs,
        float[] mismatchKl,
        TopLogprobs[] topLogprobs,
        Map<String, float[]> lossStreams) {

    /** Names of the per-token fields as written in JSON and stored as BLOB columns. */
    public static final List<String> FIELD_NAMES = List.of("token_ids", "token_text", "role", "turn",
            "loss_weight", "logprob", "ref_logprob", "entropy", "advantage", "contribution", "clipped",
            "trainer_logprob", "mismatch_kl", "top_logprobs", "loss_streams");

    /** The core arrays only: no trainer logprobs, mismatch KL, alternatives or loss streams. */
    public TokenArrays(int[] tokenIds, String[] tokenText, Role[] roles, int[] turns, float[] lossWeights,
                       float[] logprobs, float[] refLogprobs, float[] entropies, float[] advantages,
                       float[] contributions, boolean[] clipped) {
        this(tokenIds, tokenText, roles, turns, lossWeights, logprobs, refLogprobs, entropies, advantages,
                contributions, clipped, nans(tokenIds.length), nans(tokenIds.length),
                TopLogprobs.none(tokenIds.length), Map.of());
    }

    public TokenArrays {
        Objects.requireNonNull(tokenIds, "token_ids");
        int n = tokenIds.length;
        requireLength("token_text", tokenText == null ? -1 : tokenText.length, n);
        requireLength("role", roles == null ? -1 : roles.length, n);
        requireLength("turn", turns == null ? -1 : turns.length, n);
        requireLength("loss_weight", lossWeights == null ? -1 : lossWeights.length, n);
        requireLength("logprob", logprobs == null ? -1 : logprobs.length, n);
        requireLength("ref_logprob", refLogprobs == null ? -1 : refLogprobs.length, n);
        requireLength("entropy", entropies == null ? -1 : entropies.length, n);
        requireLength("advantage", advantages == null ? -1 : advantages.length, n);
        requireLength("contribution", contributions == null ? -1 : contributions.length, n);
        requireLength("clipped", clipped == null ? -1 : clipped.length, n);
        requireLength("trainer_logprob", trainerLogprobs == null ? -1 : trainerLogprobs.length, n);
        requireLength("mismatch_kl", mismatchKl == null ? -1 : mismatchKl.length, n);
        requireLength("top_logprobs", topLogprobs == null ? -1 : topLogprobs.length, n);
        Objects.requireNonNull(lossStreams, "loss_streams");
        for (Map.Entry<String, float[]> e : lossStreams.entrySet()) {
            requireLength("loss_streams." + e.getKey(), e.getValue() == null ? -1 : e.getValue().length, n);
        }
        lossStreams = lossStreams.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(lossStreams));
    }

    /** {@code n} NaNs: the value of a float field nobody recorded. */
    public static float[] nans(int n) {
        float[] out = new float[n];
        Arrays.fill(out, Float.NaN);
        return out;
    }

    /** The importance ratio ρ = exp(trainer logprob − sampling logprob) at token {@code i}; NaN if either is unknown. */
    public double importanceRatio(int i) {
        // prime-rl loss.py: log_importance_ratio = trainer_logprobs - inference_logprobs
        return Math.exp((double) trainerLogprobs[i] - logprobs[i]);
    }

    /** A copy with the schema-7 fields replaced (trainer logprobs, mismatch KL, alternatives, loss streams). */
    public TokenArrays withExtras(float[] newTrainerLogprobs, float[] newMismatchKl, TopLogprobs[] newTopLogprobs,
                                  Map<String, float[]> newLossStreams) {
        return new TokenArrays(tokenIds, tokenText, roles, turns, lossWeights, logprobs, refLogprobs, entropies,
                advantages, contributions, clipped, newTrainerLogprobs, newMismatchKl, newTopLogprobs, newLossStreams);
    }

    private static void requireLength(String field, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("field " + field + " has "
                    + (actual < 0 ? "no values" : actual + " values") + " but token_ids has " + expected);
        }
    }

    public int length() {
        return tokenIds.length;
    }

    /** The decoded text of the whole sequence (concatenation of token texts). */
    public String text() {
        int length = 0;
        for (String t : tokenText) {
            length += t.length();
        }
        StringBuilder sb = new StringBuilder(length);
        for (String t : tokenText) {
            sb.append(t);
        }
        return sb.toString();
    }

    /** Number of tokens written by the model (sampled from the policy). */
    public int modelTokenCount() {
        int c = 0;
        for (Role r : roles) {
            if (r.isModelWritten()) {
                c++;
            }
        }
        return c;
    }

    /** A copy with new loss weights, contributions and clip flags (e.g. after re-applying a mask policy). */
    public TokenArrays withUpdate(float[] newLossWeights, float[] newContributions, boolean[] newClipped) {
        return new TokenArrays(tokenIds, tokenText, roles, turns, newLossWeights, logprobs, refLogprobs,
                entropies, advantages, newContributions, newClipped, trainerLogprobs, mismatchKl, topLogprobs,
                lossStreams);
    }

    /** Deep equality (records compare arrays by reference); NaN equals NaN. */
    public boolean contentEquals(TokenArrays o) {
        return Arrays.equals(tokenIds, o.tokenIds) && Arrays.equals(tokenText, o.tokenText)
                && Arrays.equals(roles, o.roles) && Arrays.equals(turns, o.turns)
                && Arrays.equals(lossWeights, o.lossWeights) && Arrays.equals(logprobs, o.logprobs)
                && Arrays.equals(refLogprobs, o.refLogprobs) && Arrays.equals(entropies, o.entropies)
                && Arrays.equals(advantages, o.advantages) && Arrays.equals(contributions, o.contributions)
                && Arrays.equals(clipped, o.clipped) && Arrays.equals(trainerLogprobs, o.trainerLogprobs)
                && Arrays.equals(mismatchKl, o.mismatchKl) && topLogprobsEqual(o.topLogprobs)
                && streamsEqual(o.lossStreams);
    }

    private boolean topLogprobsEqual(TopLogprobs[] other) {
        if (topLogprobs.length != other.length) {
            return false;
        }
        for (int i = 0; i < topLogprobs.length; i++) {
            if (!topLogprobs[i].contentEquals(other[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean streamsEqual(Map<String, float[]> other) {
        if (!lossStreams.keySet().equals(other.keySet())) {
            return false;
        }
        for (Map.Entry<String, float[]> e : lossStreams.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether any schema-7 field holds a value (a trainer logprob, a mismatch KL, an alternative or a stream). */
    public boolean hasExtras() {
        if (!lossStreams.isEmpty()) {
            return true;
        }
        for (int i = 0; i < tokenIds.length; i++) {
            if (!Float.isNaN(trainerLogprobs[i]) || !Float.isNaN(mismatchKl[i]) || !topLogprobs[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Appends tokens one at a time; unknown float fields default to NaN, weight to 0, clipped to false. */
    public static final class Builder {
        // plain arrays grown by doubling: a boxed list per field cost an object per token (issue 15)
        private int size;
        private int[] ids = new int[64];
        private String[] text = new String[64];
        private Role[] roles = new Role[64];
        private int[] turns = new int[64];
        private float[] lossWeights = new float[64];
        private float[] logprobs = new float[64];
        private float[] refLogprobs = new float[64];
        private float[] entropies = new float[64];
        private float[] advantages = new float[64];
        private float[] contributions = new float[64];
        private boolean[] clipped = new boolean[64];
        /** Alternatives by token index; only the few tokens that have them. */
        private final Map<Integer, TopLogprobs> topLogprobs = new java.util.HashMap<>();

        private Builder() {
        }

        public int size() {
            return size;
        }

        /** Appends a token with only its identity known (prompt, tool response). */
        public Builder add(int id, String tokenText, Role role, int turn) {
            return add(id, tokenText, role, turn, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 0f, false);
        }

        public Builder add(int id, String tokenText, Role role, int turn, float lossWeight, float logprob,
                           float refLogprob, float entropy, float advantage, float contribution, boolean isClipped) {
            int i = size;
            if (i == ids.length) {
                grow(i * 2);
            }
            ids[i] = id;
            text[i] = Objects.requireNonNull(tokenText, "token text");
            roles[i] = Objects.requireNonNull(role, "role");
            turns[i] = turn;
            lossWeights[i] = lossWeight;
            logprobs[i] = logprob;
            refLogprobs[i] = refLogprob;
            entropies[i] = entropy;
            advantages[i] = advantage;
            contributions[i] = contribution;
            clipped[i] = isClipped;
            size = i + 1;
            return this;
        }

        private void grow(int cap) {
            ids = Arrays.copyOf(ids, cap);
            text = Arrays.copyOf(text, cap);
            roles = Arrays.copyOf(roles, cap);
            turns = Arrays.copyOf(turns, cap);
            lossWeights = Arrays.copyOf(lossWeights, cap);
            logprobs = Arrays.copyOf(logprobs, cap);
            refLogprobs = Arrays.copyOf(refLogprobs, cap);
            entropies = Arrays.copyOf(entropies, cap);
            advantages = Arrays.copyOf(advantages, cap);
            contributions = Arrays.copyOf(contributions, cap);
            clipped = Arrays.copyOf(clipped, cap);
        }

        /** Sets the sampler's alternatives of the token added last. */
        public Builder topLogprobs(TopLogprobs alternatives) {
            if (size == 0) {
                throw new IllegalStateException("no token to attach top_logprobs to");
            }
            topLogprobs.put(size - 1, Objects.requireNonNull(alternatives, "top_logprobs"));
            return this;
        }

        public TokenArrays build() {
            int n = size;
            TopLogprobs[] top = TopLogprobs.none(n);
            topLogprobs.forEach((i, t) -> top[i] = t);
            return new TokenArrays(Arrays.copyOf(ids, n), Arrays.copyOf(text, n), Arrays.copyOf(roles, n),
                    Arrays.copyOf(turns, n), Arrays.copyOf(lossWeights, n), Arrays.copyOf(logprobs, n),
                    Arrays.copyOf(refLogprobs, n), Arrays.copyOf(entropies, n), Arrays.copyOf(advantages, n),
                    Arrays.copyOf(contributions, n), Arrays.copyOf(clipped, n), nans(n), nans(n), top, Map.of());
        }
    }
}
