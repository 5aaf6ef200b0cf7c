package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The naive sampler: every step re-runs the full forward pass over every whole sequence
 * (right-padded). A reference for the KV-cache path (same sampler, same RNG streams) and the
 * baseline of the benchmark.
 */
final class RecomputingSession extends BatchedGenerationSession {
    private final Gpt model;
    private final NDManager manager;
    private final int padId;
    private final List<int[]> sequences = new ArrayList<>();

    RecomputingSession(Gpt model, NDManager parent, int padId, List<int[]> prompts, SamplingParams params) {
        super(prompts, params, model.config().vocabSize(), model.config().contextLength());
        this.model = model;
        this.manager = parent.newSubManager();
        this.padId = padId;
        for (int b = 0; b < batch; b++) {
            sequences.add(new int[0]);
        }
    }

    @Override
    protected void feed(boolean[] rows) {
        boolean any = false;
        for (int b = 0; b < batch; b++) {
            if (rows[b] && pendingCount[b] > 0) {
                int[] s = sequences.get(b);
                int[] grown = Arrays.copyOf(s, s.length + pendingCount[b]);
                System.arraycopy(pending[b], 0, grown, s.length, pendingCount[b]);
                sequences.set(b, grown);
                fed[b] = grown.length;
                pendingCount[b] = 0;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        PaddedBatch padded = PaddedBatch.rightPadded(sequences, padId);
        long[] lastIndex = new long[batch * vocab];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(lastIndex, b * vocab, (b + 1) * vocab, Math.max(0, sequences.get(b).length - 1));
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray logits = model.forward(step.create(padded.ids(), new Shape(batch, padded.columns())));
            float[] last = logits.gather(step.create(lastIndex, new Shape(batch, 1, vocab)), 1).toFloatArray();
            for (int b = 0; b < batch; b++) {
                if (rows[b]) {
                    System.arraycopy(last, b * vocab, nextLogits, b * vocab, vocab);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
