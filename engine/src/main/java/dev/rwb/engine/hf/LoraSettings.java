package dev.rwb.engine.hf;

import java.util.List;
import java.util.Set;

/**
 * Low-rank adaptation (Hu et al. 2021): each targeted projection W (out×in) gets
 * W x + (α/r)·B(A x) with A (r×in) drawn like PEFT's default (Kaiming-uniform, bound 1/√in) and
 * B (out×r) zero, so an adapter at initialisation leaves the model's outputs unchanged.
 *
 * @param rank r
 * @param alpha α; the update is scaled by α/r
 * @param targets projection names (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)
 * @param seed seed of A's initialisation
 */
public record LoraSettings(int rank, double alpha, Set<String> targets, long seed) {
    /** The projections a decoder layer has. */
    public static final List<String> PROJECTIONS = List.of("q_proj", "k_proj", "v_proj", "o_proj",
            "gate_proj", "up_proj", "down_proj");

    public LoraSettings {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        targets = Set.copyOf(targets);
        for (String t : targets) {
            if (!PROJECTIONS.contains(t)) {
                throw new IllegalArgumentException("unknown LoRA target module \"" + t + "\" (known: " + PROJECTIONS + ")");
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module");
        }
    }

    /** All seven projections, the common choice for small models. */
    public static LoraSettings allProjections(int rank, double alpha) {
        return new LoraSettings(rank, alpha, Set.copyOf(PROJECTIONS), 0);
    }

    /** α/r. */
    public double scale() {
        return alpha / rank;
    }
}
