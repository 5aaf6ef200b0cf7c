package dev.rwb.engine.model;

/**
 * How many columns a training batch is padded to. Padding each batch to its own longest sequence
 * ({@link #longest()}) gives every step a different tensor shape, and libtorch on the CPU allocates and
 * frees its activations per step, so the process's resident memory follows the batch length: 1.4 to
 * 3.5 GB for the tiny GPT's warm start at kb-search level 3 (docs/BENCHMARKS.md, "Soak"). One fixed width
 * ({@link #fixed}) for a whole training phase lets the allocator reuse the same blocks step after step.
 * The extra columns are padding with mask 0: the model is causal, so they change no real position's
 * logits, and every loss weighs them 0, so the loss and its gradients are those of the unpadded batch
 * ({@code PaddedBatchLossTest}).
 *
 * @param width the fixed width, or 0 for each batch's longest sequence
 */
public record BatchColumns(int width) {

    public BatchColumns {
        if (width < 0) {
            throw new IllegalArgumentException("width must be ≥ 0: " + width);
        }
    }

    /** Each batch as wide as its longest sequence. */
    public static BatchColumns longest() {
        return new BatchColumns(0);
    }

    /** Every batch {@code width} columns wide (a longer sequence still gets its own length, never cut). */
    public static BatchColumns fixed(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a fixed width must be ≥ 1: " + width);
        }
        return new BatchColumns(width);
    }

    /** The padded width for a batch whose longest sequence has {@code longest} tokens (never less than it). */
    public int columnsFor(int longest) {
        return Math.max(longest, width);
    }
}
