package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * {@link NextTokenSampler}'s greedy and plain-temperature picks computed on the device, for large
 * vocabularies: the latest logits of every sequence are kept as one (B,V) float32 array, and a pick
 * transfers only the token, its log-prob and the entropy of each picked row.
 *
 * <p>Same distribution and the same RNG draws as the Java sampler: log Z = m + log Σ_v e^{l_v − m},
 * log π(token) = l_token − log Z, H = log Z − Σ_v e^{l_v − m}·l_v / Σ_v e^{l_v − m} (untempered);
 * greedy takes the argmax (no draw); sampling draws one u ~ U[0,1) from the row's stream and takes the
 * first v whose cumulative weight Σ_{w≤v} e^{(l_w − m)/T} reaches u·total, as the Java scan does
 * (in float32 here instead of double, so a pick can differ only where u falls within rounding of a
 * boundary).
 */
final class DevicePicker implements AutoCloseable {
    private final NDManager owner;
    private final int batch;
    private final int vocab;
    private final float temperature;
    /** Holds {@link #latest}; replaced whole when a feed of every row hands over its logits. */
    private NDManager latestScope;
    private NDArray latest;

    DevicePicker(NDManager owner, int batch, int vocab, float temperature) {
        this.owner = owner;
        this.batch = batch;
        this.vocab = vocab;
        this.temperature = temperature;
    }

    /** Stores the logits (A,V) of chunk rows {@code chunkRow[r]} that were fed ({@code fedNow[b]}). */
    void keep(NDArray logits, int[] chunkRow, boolean[] fedNow, NDManager step) {
        if (chunkRow.length == batch && logits.getDataType() == DataType.FLOAT32 && allFed(chunkRow, fedNow)) {
            // every row in order: the logits are the new latest as they are, no copy
            closeLatest();
            latestScope = owner.newSubManager();
            logits.attach(latestScope);
            latest = logits;
            return;
        }
        if (latest == null) {
            latestScope = owner.newSubManager();
            latest = latestScope.zeros(new Shape(batch, vocab), DataType.FLOAT32);
        }
        int n = 0;
        for (int b : chunkRow) {
            n += fedNow[b] ? 1 : 0;
        }
        long[] from = new long[n];
        long[] to = new long[n];
        int i = 0;
        for (int r = 0; r < chunkRow.length; r++) {
            if (fedNow[chunkRow[r]]) {
                from[i] = r;
                to[i++] = chunkRow[r];
            }
        }
        NDArray rows = n == chunkRow.length ? logits : logits.get(new NDIndex("{}", step.create(from)));
        latest.set(new NDIndex("{}", step.create(to)), rows.toType(DataType.FLOAT32, false));
    }

    /** Picks for every row with {@code rows[b]} (null elsewhere), drawing from {@code random.apply(b)}. */
    NextTokenSampler.Pick[] pick(boolean[] rows, IntFunction<SplittableRandom> random) {
        NextTokenSampler.Pick[] picks = new NextTokenSampler.Pick[batch];
        int n = 0;
        for (boolean r : rows) {
            n += r ? 1 : 0;
        }
        if (n == 0) {
            return picks;
        }
        long[] selected = new long[n];
        float[] u = new float[n];
        int i = 0;
        for (int b = 0; b < batch; b++) {
            if (rows[b]) {
                selected[i] = b;
                // one draw per sampled token, as NextTokenSampler.sample; greedy draws none
                u[i++] = temperature == 0 ? 0f : (float) random.apply(b).nextDouble();
            }
        }
        try (NDManager step = owner.newSubManager()) {
            NDArray l;
            if (n == batch) {
                // the picks' arrays go to the step's manager: latest is lent to it, not copied
                step.tempAttachAll(latest);
                l = latest;
            } else {
                l = latest.get(new NDIndex("{}", step.create(selected)));
                l.attach(step);
            }
            NDArray max = l.max(new int[] {1}, true);
            NDArray shifted = l.sub(max);
            NDArray e = shifted.exp();
            NDArray sum = e.sum(new int[] {1}, true);
            NDArray logZ = max.add(sum.log()).squeeze(1);
            NDArray entropy = logZ.sub(e.mul(l).sum(new int[] {1}).div(sum.squeeze(1)));
            NDArray tokens;
            if (temperature == 0) {
                tokens = l.argMax(1);
            } else {
                NDArray weights = temperature == 1f ? e : shifted.mul(1f / temperature).exp();
                NDArray cumulative = weights.cumSum(1);
                NDArray threshold = step.create(u, new Shape(n, 1)).mul(cumulative.get(new NDIndex(":, -1:")));
                // first v with cumulative ≥ u·total = the number of v below it
                tokens = cumulative.lt(threshold).sum(new int[] {1}).toType(DataType.INT64, false).minimum(vocab - 1);
            }
            NDArray logprob = l.gather(tokens.expandDims(1), 1).squeeze(1).sub(logZ);
            long[] t = tokens.toLongArray();
            float[] lp = logprob.toFloatArray();
            float[] h = entropy.toFloatArray();
            for (int k = 0; k < n; k++) {
                picks[(int) selected[k]] = new NextTokenSampler.Pick((int) t[k], lp[k], h[k]);
            }
        }
        return picks;
    }

    private static boolean allFed(int[] chunkRow, boolean[] fedNow) {
        for (int r = 0; r < chunkRow.length; r++) {
            if (chunkRow[r] != r || !fedNow[r]) {
                return false;
            }
        }
        return true;
    }

    private void closeLatest() {
        if (latestScope != null) {
            latestScope.close();
            latestScope = null;
        }
        latest = null;
    }

    @Override
    public void close() {
        closeLatest();
    }
}
