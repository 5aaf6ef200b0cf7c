package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * KV-cache generation. Every feed is one forward pass over an (A,t) chunk of the A sequences that
 * have pending tokens: each puts its tokens right-aligned in the chunk, the other cells are
 * padding. The cache keeps each sequence compact (slot = position, see {@link LayerCache}), so a
 * feed attends over the longest fed sequence only, and the attention mask is plain causality on
 * positions, computed on the device. Sequences that are not fed cost nothing when they are at
 * least half of the batch (the chunk then holds only the fed rows); otherwise they ride along as
 * padding rows, which is cheaper than gathering their caches.
 *
 * <p>With {@code deviceSampling} (a large vocabulary, plain temperature sampling or greedy) the
 * next-token logits stay on the device and the pick runs there too ({@link DevicePicker}): one
 * transfer of three numbers per row instead of the row's whole vocabulary, and a vectorised
 * log-sum-exp instead of two scalar passes in Java.
 */
final class KvCacheSession extends BatchedGenerationSession {
    private final CausalLm model;
    private final NDManager manager;
    private final List<LayerCache> caches = new ArrayList<>();
    private final int padId;
    private final DevicePicker picker;

    KvCacheSession(CausalLm model, NDManager parent, int padId, List<int[]> prompts, SamplingParams params,
                   boolean deviceSampling) {
        super(prompts, params, model.vocabSize(), model.contextLength());
        this.model = model;
        this.manager = parent.newSubManager();
        this.padId = padId;
        this.picker = deviceSampling ? new DevicePicker(manager, batch, vocab, params.temperature()) : null;
        for (int i = 0; i < model.layers(); i++) {
            caches.add(new LayerCache(manager, batch, model.cacheHeads(), model.headSize(), model.cacheType()));
        }
    }

    @Override
    protected void feed(boolean[] rows) {
        int[] fedRows = new int[batch];
        boolean[] fedNow = new boolean[batch];
        int a = 0;
        int t = 0;
        int used = 0;
        for (int b = 0; b < batch; b++) {
            if (rows[b] && pendingCount[b] > 0) {
                fedRows[a++] = b;
                fedNow[b] = true;
                t = Math.max(t, pendingCount[b]);
                used = Math.max(used, fed[b] + pendingCount[b]);
            }
        }
        if (a == 0) {
            return;
        }
        // few fed rows: a chunk of those rows only (their caches are gathered); many: the whole batch
        boolean subset = 2 * a <= batch;
        int chunkRows = subset ? a : batch;
        int[] chunkRow = subset ? Arrays.copyOf(fedRows, a) : identity(batch);
        for (LayerCache cache : caches) {
            cache.reserve(used, contextLength);
        }
        int scratch = caches.get(0).capacity();
        long[] ids = new long[chunkRows * t];
        long[] positions = new long[chunkRows * t];
        long[] writeRows = new long[chunkRows * t];
        long[] writeSlots = new long[chunkRows * t];
        Arrays.fill(ids, padId);
        Arrays.fill(writeSlots, scratch);
        for (int r = 0; r < chunkRows; r++) {
            int b = chunkRow[r];
            int n = fedNow[b] ? pendingCount[b] : 0;
            int first = t - n;
            Arrays.fill(writeRows, r * t, (r + 1) * t, b);
            for (int i = 0; i < n; i++) {
                int cell = r * t + first + i;
                ids[cell] = pending[b][i];
                positions[cell] = fed[b] + i;
                writeSlots[cell] = fed[b] + i;
            }
            if (n > 0) {
                fed[b] += n;
                pendingCount[b] = 0;
            }
        }
        // sampling needs no gradients: without this, ops on parameters that require gradients record an
        // autograd graph that the cache would keep alive
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            NDArray positionArray = step.create(positions, new Shape(chunkRows, t));
            // causal mask on positions: bias[r,0,q,k] = MASKED where slot k > position of query q
            NDArray bias = step.arange(0, used, 1, DataType.INT64).reshape(1, 1, 1, used)
                    .gt(positionArray.reshape(chunkRows, 1, t, 1)).toType(DataType.FLOAT32, false).mul(CausalLm.MASKED);
            NDIndex writeAt = new NDIndex("{}, :, {}", step.create(writeRows), step.create(writeSlots));
            NDIndex readBack = subset
                    ? new NDIndex("{}, :, :" + used, step.create(Arrays.stream(chunkRow).asLongStream().toArray()))
                    : new NDIndex(":, :, :" + used);
            LayerCache.Frame frame = new LayerCache.Frame(writeAt, readBack, step);
            caches.forEach(c -> c.frame(frame));
            NDArray logits = model.forward(step.create(ids, new Shape(chunkRows, t)), positionArray, bias, caches, true);
            if (picker != null) {
                picker.keep(logits, chunkRow, fedNow, step);
                return;
            }
            float[] last = logits.toFloatArray();
            for (int r = 0; r < chunkRows; r++) {
                int b = chunkRow[r];
                if (fedNow[b]) {
                    System.arraycopy(last, r * vocab, nextLogits, b * vocab, vocab);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    protected NextTokenSampler.Pick[] pick(boolean[] rows) {
        if (picker == null) {
            return super.pick(rows);
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return picker.pick(rows, this::random);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Time axis a feed of every sequence attends over = the longest sequence fed (diagnostics for benchmarks). */
    int cachedSlots() {
        int longest = 0;
        for (int b = 0; b < batch; b++) {
            longest = Math.max(longest, fed[b]);
        }
        return longest;
    }

    @Override
    public void close() {
        if (picker != null) {
            picker.close();
        }
        caches.forEach(LayerCache::close);
        manager.close();
    }
}
