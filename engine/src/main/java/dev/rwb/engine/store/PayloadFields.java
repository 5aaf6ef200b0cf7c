package dev.rwb.engine.store;

import dev.rwb.engine.store.TokenPayload.Kind;
import dev.rwb.engine.store.TokenPayload.NamedArray;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TopLogprobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link TokenArrays} to the named arrays of a {@link TokenPayload} and back. The token texts
 * are not in the payload: the trajectory's whole text is stored once (it feeds the text index),
 * and the payload keeps each token's length in UTF-16 units, so token i is
 * {@code text.substring(offset_i, offset_i + len_i)}.
 *
 * <p>Every float array is kept as exact float32, none as float16: loss weights, logprobs, reference
 * logprobs, advantages and contributions are inputs of the what-if recompute (which must agree with
 * the trainer to 1e-6), the entropy ranks tokens in the mask policy's entropy filter, where a
 * rounded value could swap two tokens, and the trainer logprob gives the importance ratio
 * exp(trainer − sampler), where float16's 3 decimal digits would show a ratio of 1 as 0.998 or 1.002.
 * The display-only arrays (mismatch KL, top-k alternatives) are mostly absent (all NaN: no bytes),
 * so float16 would save little there; they stay float32 so that a stored trajectory reads back equal.
 */
final class PayloadFields {
    /** Float arrays in a fixed order: bit i of the row's {@code nan_arrays} mask is array i (append only). */
    static final List<String> FLOAT_NAMES = List.of("loss_weight", "logprob", "ref_logprob", "entropy",
            "advantage", "contribution", "trainer_logprob", "mismatch_kl");
    /** A named loss-weight stream {@code rl} is the array {@code loss_stream:rl}. */
    static final String STREAM_PREFIX = "loss_stream:";
    /** Top-k alternatives, ragged: a count per token, then every alternative's text and logprob in token order. */
    static final String TOP_COUNT = "top_logprobs.count";
    static final String TOP_TOKEN = "top_logprobs.token";
    static final String TOP_LOGPROB = "top_logprobs.logprob";
    /**
     * Stored role codes by name, append only, so that reordering {@link Role} never changes what a
     * stored byte means. Roles not listed get codes after these, in declaration order.
     */
    private static final List<String> ROLE_CODES = roleCodes();
    /** {@link #ROLE_CODES} index of each {@link Role} by ordinal. */
    private static final byte[] CODE_BY_ORDINAL = codeByOrdinal();
    /** The {@link Role} of each stored code (a name lookup per token cost ~0.3 ms of a 32k-token open). */
    private static final Role[] ROLE_BY_CODE = ROLE_CODES.stream().map(Role::valueOf).toArray(Role[]::new);

    private PayloadFields() {
    }

    private static List<String> roleCodes() {
        List<String> codes = new ArrayList<>(List.of("SYSTEM", "PROMPT", "REASONING", "TOOL_CALL", "TOOL_RESPONSE",
                "ANSWER", "OTHER_MODEL", "PAD"));
        for (Role r : Role.values()) {
            if (!codes.contains(r.name())) {
                codes.add(r.name());
            }
        }
        return List.copyOf(codes);
    }

    private static byte[] codeByOrdinal() {
        byte[] out = new byte[Role.values().length];
        for (Role r : Role.values()) {
            out[r.ordinal()] = (byte) ROLE_CODES.indexOf(r.name());
        }
        return out;
    }

    /** The payload's arrays for these tokens. */
    static List<NamedArray> arrays(TokenArrays a) {
        int n = a.length();
        int[] lengths = new int[n];
        String[] text = a.tokenText();
        for (int i = 0; i < n; i++) {
            lengths[i] = text[i].length();
        }
        byte[] roles = new byte[n];
        for (int i = 0; i < n; i++) {
            roles[i] = CODE_BY_ORDINAL[a.roles()[i].ordinal()];
        }
        byte[] clipped = new byte[n];
        for (int i = 0; i < n; i++) {
            clipped[i] = (byte) (a.clipped()[i] ? 1 : 0);
        }
        List<NamedArray> out = new ArrayList<>();
        out.add(new NamedArray("token_ids", Kind.INT, a.tokenIds()));
        out.add(new NamedArray("token_len", Kind.INT, lengths));
        out.add(new NamedArray("role", Kind.BYTE, roles));
        out.add(new NamedArray("turn", Kind.INT, a.turns()));
        float[][] floats = floats(a);
        for (int i = 0; i < FLOAT_NAMES.size(); i++) {
            out.add(new NamedArray(FLOAT_NAMES.get(i), Kind.FLOAT32, floats[i]));
        }
        out.add(new NamedArray("clipped", Kind.BYTE, clipped));
        addTopLogprobs(out, a.topLogprobs());
        for (Map.Entry<String, float[]> e : a.lossStreams().entrySet()) {
            out.add(new NamedArray(STREAM_PREFIX + e.getKey(), Kind.FLOAT32, e.getValue()));
        }
        return out;
    }

    /** Nothing at all when no token has alternatives (the count array is then one constant 0). */
    private static void addTopLogprobs(List<NamedArray> out, TopLogprobs[] top) {
        int[] counts = new int[top.length];
        int total = 0;
        for (int i = 0; i < top.length; i++) {
            counts[i] = top[i].size();
            total += counts[i];
        }
        if (total == 0) {
            return;
        }
        String[] tokens = new String[total];
        float[] logprobs = new float[total];
        int k = 0;
        for (TopLogprobs t : top) {
            for (int j = 0; j < t.size(); j++, k++) {
                tokens[k] = t.tokens()[j];
                logprobs[k] = t.logprobs()[j];
            }
        }
        out.add(new NamedArray(TOP_COUNT, Kind.INT, counts));
        out.add(new NamedArray(TOP_TOKEN, Kind.STRING, tokens));
        out.add(new NamedArray(TOP_LOGPROB, Kind.FLOAT32, logprobs));
    }

    private static TopLogprobs[] topLogprobs(Map<String, NamedArray> arrays, int n) {
        NamedArray count = arrays.get(TOP_COUNT);
        if (count == null) {
            return TopLogprobs.none(n);
        }
        int[] counts = (int[]) count.values();
        String[] tokens = (String[]) require(arrays, TOP_TOKEN).values();
        float[] logprobs = (float[]) require(arrays, TOP_LOGPROB).values();
        if (counts.length != n) {
            throw new StoreException("corrupt token payload: " + counts.length + " top-logprob counts for " + n + " tokens");
        }
        TopLogprobs[] out = new TopLogprobs[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (counts[i] == 0) {
                out[i] = TopLogprobs.NONE;
                continue;
            }
            if (counts[i] < 0 || k + counts[i] > tokens.length || k + counts[i] > logprobs.length) {
                throw new StoreException("corrupt token payload: top-logprob counts run past their arrays");
            }
            out[i] = new TopLogprobs(Arrays.copyOfRange(tokens, k, k + counts[i]),
                    Arrays.copyOfRange(logprobs, k, k + counts[i]));
            k += counts[i];
        }
        return out;
    }

    /** The float arrays of {@code a} in {@link #FLOAT_NAMES} order. */
    static float[][] floats(TokenArrays a) {
        return new float[][]{a.lossWeights(), a.logprobs(), a.refLogprobs(), a.entropies(), a.advantages(),
                a.contributions(), a.trainerLogprobs(), a.mismatchKl()};
    }

    /** Bit i set when float array i holds no value at all (every token NaN). */
    static long nanMask(TokenArrays a) {
        float[][] floats = floats(a);
        long mask = 0;
        for (int i = 0; i < floats.length; i++) {
            boolean allNan = true;
            for (float x : floats[i]) {
                if (!Float.isNaN(x)) {
                    allNan = false;
                    break;
                }
            }
            if (allNan) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** Rebuilds the token arrays from a decoded payload and the trajectory's text. */
    static TokenArrays tokens(Map<String, NamedArray> arrays, String text) {
        int[] ids = (int[]) require(arrays, "token_ids").values();
        int n = ids.length;
        int[] lengths = (int[]) require(arrays, "token_len").values();
        String[] pieces = new String[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            int end = offset + lengths[i];
            if (lengths[i] < 0 || end > text.length()) {
                throw new StoreException("corrupt token payload: token lengths run past the text's " + text.length()
                        + " characters");
            }
            pieces[i] = text.substring(offset, end);
            offset = end;
        }
        if (offset != text.length()) {
            throw new StoreException("corrupt token payload: token lengths cover " + offset + " of the text's "
                    + text.length() + " characters");
        }
        byte[] codes = (byte[]) require(arrays, "role").values();
        Role[] roles = new Role[n];
        for (int i = 0; i < n; i++) {
            int c = codes[i];
            if (c < 0 || c >= ROLE_BY_CODE.length) {
                throw new StoreException("corrupt role code " + c + " at token " + i);
            }
            roles[i] = ROLE_BY_CODE[c];
        }
        byte[] clippedBytes = (byte[]) require(arrays, "clipped").values();
        boolean[] clipped = new boolean[n];
        for (int i = 0; i < n; i++) {
            clipped[i] = clippedBytes[i] != 0;
        }
        float[][] f = new float[FLOAT_NAMES.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = floatsOrNan(arrays, FLOAT_NAMES.get(i), n);
        }
        Map<String, float[]> streams = new java.util.LinkedHashMap<>();
        for (NamedArray a : arrays.values()) {
            if (a.name().startsWith(STREAM_PREFIX)) {
                streams.put(a.name().substring(STREAM_PREFIX.length()), (float[]) a.values());
            }
        }
        return new TokenArrays(ids, pieces, roles, (int[]) require(arrays, "turn").values(), f[0], f[1], f[2], f[3],
                f[4], f[5], clipped, f[6], f[7], topLogprobs(arrays, n), streams);
    }

    /** A float array of the payload, or all NaN when the payload was written before that array existed. */
    static float[] floatsOrNan(Map<String, NamedArray> arrays, String name, int n) {
        NamedArray a = arrays.get(name);
        if (a == null) {
            float[] nan = new float[n];
            Arrays.fill(nan, Float.NaN);
            return nan;
        }
        return (float[]) a.values();
    }

    private static NamedArray require(Map<String, NamedArray> arrays, String name) {
        NamedArray a = arrays.get(name);
        if (a == null) {
            throw new StoreException("corrupt token payload: no " + name + " array");
        }
        return a;
    }
}
