package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * KV-cache generation. Every feed is one forward pass over a (B,t) chunk: each fed sequence puts
 * its pending tokens right-aligned in the chunk, the other cells are padding. Cache slots are
 * shared across the batch; a per-sequence bitmap says which slots hold real tokens, and the
 * attention bias masks the rest, so sequences of different lengths (and observations appended to
 * only some of them) never recompute a prefix. Positions count real tokens only, so the result
 * equals an unpadded forward pass of each sequence.
 */
final class KvCacheSession extends BatchedGenerationSession {
    private final Gpt model;
    private final NDManager manager;
    private final List<LayerCache> caches = new ArrayList<>();
    private final BitSet[] realSlots;
    private final int padId;
    private int slots;

    KvCacheSession(Gpt model, NDManager parent, int padId, List<int[]> prompts, SamplingParams params) {
        super(prompts, params, model.config().vocabSize(), model.config().contextLength());
        this.model = model;
        this.manager = parent.newSubManager();
        this.padId = padId;
        this.realSlots = new BitSet[batch];
        for (int b = 0; b < batch; b++) {
            realSlots[b] = new BitSet();
        }
        for (int i = 0; i < model.config().layers(); i++) {
            caches.add(new LayerCache(manager));
        }
    }

    @Override
    protected void feed(boolean[] rows) {
        int t = 0;
        for (int b = 0; b < batch; b++) {
            if (rows[b]) {
                t = Math.max(t, pendingCount[b]);
            }
        }
        if (t == 0) {
            return;
        }
        int total = slots + t;
        long[] ids = new long[batch * t];
        long[] positions = new long[batch * t];
        // every cell starts masked; real keys are opened below
        float[] bias = new float[batch * t * total];
        java.util.Arrays.fill(ids, padId);
        java.util.Arrays.fill(bias, Gpt.MASKED);
        for (int b = 0; b < batch; b++) {
            int n = rows[b] ? pendingCount[b] : 0;
            int first = t - n;
            for (int i = 0; i < n; i++) {
                ids[b * t + first + i] = pending[b][i];
                positions[b * t + first + i] = fed[b] + i;
                realSlots[b].set(slots + first + i);
            }
            for (int q = first; q < t; q++) {
                // query at chunk column q sees every real slot up to its own (causal)
                int row = (b * t + q) * total;
                int limit = slots + q;
                for (int k = realSlots[b].nextSetBit(0); k >= 0 && k <= limit; k = realSlots[b].nextSetBit(k + 1)) {
                    bias[row + k] = 0f;
                }
            }
            if (n > 0) {
                fed[b] += n;
                pendingCount[b] = 0;
            }
        }
        slots = total;
        // sampling needs no gradients: without this, ops on parameters that require gradients record an
        // autograd graph, and the cache's concatenated keys/values keep every step's graph alive
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            NDArray logits = model.forward(step.create(ids, new Shape(batch, t)),
                    step.create(positions, new Shape(batch, t)),
                    step.create(bias, new Shape(batch, 1, t, total)), caches, true);
            float[] last = logits.toFloatArray();
            for (int b = 0; b < batch; b++) {
                if (rows[b]) {
                    System.arraycopy(last, b * vocab, nextLogits, b * vocab, vocab);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        caches.forEach(LayerCache::close);
        manager.close();
    }
}
