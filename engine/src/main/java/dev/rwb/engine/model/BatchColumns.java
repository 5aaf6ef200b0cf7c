package dev.rwb.engine.model;

/**
 * How many columns a training batch is padded to. Padding to the longest sequence of each batch
 * ({@link #longest()}) gives every step a different tensor shape, and libtorch on the CPU allocates and
 * frees its activations per step, so the process's resident memory follows the batch length: 1.5 to
 * 3.4 GB for the tiny GPT at kb-search level 3 (docs/BENCHMARKS.md, "SFT RSS"). Rounding the width up to a
 * few fixed buckets ({@link #buckets}) lets the allocator reuse the same blocks step after step. The extra
 * columns are padding with mask 0: the model is causal, so they change no real position's logits, and
 * every loss weighs them 0, so the loss and its gradients are those of the unpadded batch.
 *
 * @param multiple the width is rounded up to a multiple of this (1 = no rounding)
 * @param max the widest batch (the model's context); a width above it is never rounded past the longest sequence
 */
public record BatchColumns(int multiple, int max) {

    public BatchColumns {
        if (multiple < 1 || max < 1) {
            throw new IllegalArgumentException("multiple and max must be ≥ 1: " + multiple + ", " + max);
        }
    }

    /** Each batch as wide as its longest sequence (no rounding). */
    public static BatchColumns longest() {
        return new BatchColumns(1, Integer.MAX_VALUE);
    }

    /**
     * Widths rounded up to {@code ceil(context / count)}, so at most {@code count} distinct shapes occur
     * for sequences up to {@code context} tokens ({@code count} = 1: every batch as wide as the context).
     */
    public static BatchColumns buckets(int context, int count) {
        if (context < 1 || count < 1) {
            throw new IllegalArgumentException("context and count must be ≥ 1: " + context + ", " + count);
        }
        return new BatchColumns((context + count - 1) / count, context);
    }

    /** The padded width for a batch whose longest sequence has {@code longest} tokens (never less than it). */
    public int columnsFor(int longest) {
        // c = ⌈longest / multiple⌉ · multiple, capped at max but never below longest
        long rounded = ((long) longest + multiple - 1) / multiple * multiple;
        return (int) Math.max(longest, Math.min(rounded, max));
    }
}
