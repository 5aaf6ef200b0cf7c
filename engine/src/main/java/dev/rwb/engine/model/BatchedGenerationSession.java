package dev.rwb.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The generation loop shared by the KV-cache and the recomputing sampler: tokens waiting to go
 * through the model (prompt, observations, the last sampled token) are kept per sequence and fed
 * lazily; after a feed each fed sequence has next-token logits, from which Java samples.
 * Each sequence has its own RNG stream split from the seed, so its output does not depend on
 * which other sequences are active.
 */
abstract class BatchedGenerationSession implements GenerationSession {
    protected final int batch;
    protected final int vocab;
    protected final int contextLength;
    /** Tokens already through the model, per sequence (= the next position to fill). */
    protected final int[] fed;
    /** Tokens waiting to be fed, per sequence. */
    protected final int[][] pending;
    protected final int[] pendingCount;
    /** Next-token logits per sequence (row b at b·vocab), valid after a feed that covered b. */
    protected final float[] nextLogits;
    private final NextTokenSampler sampler;
    private final SplittableRandom[] random;

    BatchedGenerationSession(List<int[]> prompts, SamplingParams params, int vocab, int contextLength) {
        this.batch = prompts.size();
        this.vocab = vocab;
        this.contextLength = contextLength;
        this.fed = new int[batch];
        this.pending = new int[batch][];
        this.pendingCount = new int[batch];
        this.nextLogits = new float[batch * vocab];
        this.sampler = new NextTokenSampler(params);
        this.random = new SplittableRandom[batch];
        SplittableRandom root = new SplittableRandom(params.seed());
        for (int b = 0; b < batch; b++) {
            random[b] = root.split();
            int[] prompt = prompts.get(b);
            if (prompt.length == 0) {
                throw new IllegalArgumentException("prompt " + b + " is empty: a sequence needs at least one token (e.g. BOS)");
            }
            pending[b] = new int[Math.max(16, prompt.length)];
            append(b, prompt);
        }
    }

    /** Feeds the pending tokens of every sequence with {@code rows[b]}, leaving their next-token logits. */
    protected abstract void feed(boolean[] rows);

    /**
     * Picks the next token of every sequence with {@code rows[b]} from its latest logits (null
     * elsewhere). This default samples in Java from {@link #nextLogits}; a session that keeps the
     * logits on the device may pick there, drawing from {@link #random(int)} exactly as
     * {@link NextTokenSampler} does.
     */
    protected NextTokenSampler.Pick[] pick(boolean[] rows) {
        NextTokenSampler.Pick[] picks = new NextTokenSampler.Pick[batch];
        for (int b = 0; b < batch; b++) {
            if (rows[b]) {
                picks[b] = sampler.pick(nextLogits, b * vocab, vocab, random[b]);
            }
        }
        return picks;
    }

    /** Sequence b's RNG stream. */
    protected final SplittableRandom random(int b) {
        return random[b];
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public int length(int b) {
        return fed[b] + pendingCount[b];
    }

    @Override
    public void append(int b, int[] tokenIds) {
        if (length(b) + tokenIds.length > contextLength) {
            throw new IllegalArgumentException("sequence " + b + " would grow to " + (length(b) + tokenIds.length)
                    + " tokens, beyond the context length " + contextLength);
        }
        for (int id : tokenIds) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + vocab);
            }
        }
        if (pendingCount[b] + tokenIds.length > pending[b].length) {
            pending[b] = Arrays.copyOf(pending[b], Math.max(2 * pending[b].length, pendingCount[b] + tokenIds.length));
        }
        System.arraycopy(tokenIds, 0, pending[b], pendingCount[b], tokenIds.length);
        pendingCount[b] += tokenIds.length;
    }

    @Override
    public List<Generation> generate(boolean[] active, int maxNewTokens, Set<Integer> stopTokens) {
        if (active.length != batch) {
            throw new IllegalArgumentException("active has " + active.length + " entries for a batch of " + batch);
        }
        boolean[] waiting = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            waiting[b] = pendingCount[b] > 0;
        }
        feed(waiting);
        boolean[] running = new boolean[batch];
        TokenBuffer[] out = new TokenBuffer[batch];
        boolean[] stopped = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            running[b] = active[b] && maxNewTokens > 0 && length(b) < contextLength;
            out[b] = new TokenBuffer();
        }
        for (int step = 0; step < maxNewTokens; step++) {
            boolean any = false;
            NextTokenSampler.Pick[] picks = pick(running);
            for (int b = 0; b < batch; b++) {
                if (!running[b]) {
                    continue;
                }
                NextTokenSampler.Pick pick = picks[b];
                out[b].add(pick);
                append(b, new int[] {pick.token()});
                if (stopTokens.contains(pick.token())) {
                    stopped[b] = true;
                    running[b] = false;
                } else if (out[b].size() == maxNewTokens || length(b) >= contextLength) {
                    running[b] = false;
                }
                any |= running[b];
            }
            if (!any) {
                break;
            }
            feed(running);
        }
        List<Generation> result = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            result.add(out[b].toGeneration(stopped[b]));
        }
        return result;
    }

    /** Growable per-sequence output of one generate call. */
    private static final class TokenBuffer {
        private int[] tokens = new int[16];
        private float[] logprobs = new float[16];
        private float[] entropies = new float[16];
        private int size;

        void add(NextTokenSampler.Pick pick) {
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, 2 * size);
                logprobs = Arrays.copyOf(logprobs, 2 * size);
                entropies = Arrays.copyOf(entropies, 2 * size);
            }
            tokens[size] = pick.token();
            logprobs[size] = pick.logprob();
            entropies[size] = pick.entropy();
            size++;
        }

        int size() {
            return size;
        }

        Generation toGeneration(boolean stoppedOnStopToken) {
            return new Generation(Arrays.copyOf(tokens, size), Arrays.copyOf(logprobs, size),
                    Arrays.copyOf(entropies, size), stoppedOnStopToken);
        }
    }
}
