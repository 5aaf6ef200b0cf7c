package dev.rwb.engine.rl;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;

/**
 * Which tokens receive gradient and how much: a loss weight per {@link Role}, optionally followed
 * by an entropy filter that keeps only the top-ρ fraction of highest-entropy model tokens
 * (DESIGN §2, §5). Immutable; build with {@link #builder(String)} or take a preset. A run's policy
 * comes from its config through {@link dev.rwb.engine.rl.recipe.TrainingRecipe#maskPolicy()}.
 *
 * <p>The entropy filter ranks within the token arrays it is given (one trajectory): the candidates
 * are model-written tokens with positive role weight and a known entropy; the ⌈ρ·count⌉ with the
 * highest entropy (ties broken by position) keep their weight, every other token gets 0 — including
 * non-sampled tokens (tool responses) even if their role weight is positive, since "train only the
 * top-ρ model tokens" leaves no room for them.
 */
public final class MaskPolicy {
    /** Search-R1: model-written tokens train, tool responses (not sampled from π) are masked out. */
    public static final MaskPolicy SEARCH_R1 = builder("search-r1")
            .label("Search-R1: mask tool responses")
            .weight(Role.REASONING, 1).weight(Role.TOOL_CALL, 1).weight(Role.ANSWER, 1).weight(Role.OTHER_MODEL, 1)
            .build();
    /** No masking: every response token trains, tool responses included; prompt, system and pad never do. */
    public static final MaskPolicy NO_MASKING = builder("no-masking")
            .label("No masking")
            .weight(Role.REASONING, 1).weight(Role.TOOL_CALL, 1).weight(Role.ANSWER, 1).weight(Role.OTHER_MODEL, 1)
            .weight(Role.TOOL_RESPONSE, 1)
            .build();
    /** Only the final answer's tokens train. */
    public static final MaskPolicy ANSWER_ONLY = builder("answer-only")
            .label("Answer only")
            .weight(Role.ANSWER, 1)
            .build();
    /** The presets, in menu order. */
    public static final List<MaskPolicy> PRESETS = List.of(SEARCH_R1, NO_MASKING, ANSWER_ONLY);

    private final String name;
    private final String label;
    private final EnumMap<Role, Float> roleWeights;
    private final double entropyTopFraction;

    private MaskPolicy(Builder b) {
        this.name = b.name;
        this.label = b.label == null ? b.name : b.label;
        this.roleWeights = new EnumMap<>(b.weights);
        this.entropyTopFraction = b.entropyTopFraction;
    }

    /** Short identifier, e.g. "search-r1". */
    public String name() {
        return name;
    }

    /** Human-readable name for menus and legends. */
    public String label() {
        return label;
    }

    /** The weight of a role (0 when not set). */
    public float weight(Role role) {
        return roleWeights.getOrDefault(role, 0f);
    }

    /** The fraction ρ ∈ (0, 1] of model tokens kept by the entropy filter; 1 = no filter. */
    public double entropyTopFraction() {
        return entropyTopFraction;
    }

    public boolean hasEntropyFilter() {
        return entropyTopFraction < 1.0;
    }

    /** The loss weight of every token of a trajectory under this policy. */
    public float[] weights(TokenArrays tokens) {
        Role[] roles = tokens.roles();
        float[] w = new float[roles.length];
        for (int i = 0; i < roles.length; i++) {
            w[i] = weight(roles[i]);
        }
        if (hasEntropyFilter()) {
            applyEntropyFilter(w, roles, tokens.entropies());
        }
        return w;
    }

    private void applyEntropyFilter(float[] w, Role[] roles, float[] entropy) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0 && roles[i].isModelWritten() && Float.isFinite(entropy[i])) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.<Integer>comparingDouble(i -> -entropy[i]).thenComparingInt(i -> i));
        // keep = ⌈ρ · |candidates|⌉ highest-entropy model tokens
        int keep = (int) Math.ceil(entropyTopFraction * candidates.size());
        boolean[] kept = new boolean[w.length];
        for (int k = 0; k < keep; k++) {
            kept[candidates.get(k)] = true;
        }
        for (int i = 0; i < w.length; i++) {
            if (!kept[i]) {
                w[i] = 0f;
            }
        }
    }

    public Builder toBuilder() {
        Builder b = builder(name).label(label).entropyTopFraction(entropyTopFraction);
        b.weights.putAll(roleWeights);
        return b;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        return label + " " + roleWeights + (hasEntropyFilter() ? " top-" + entropyTopFraction + " entropy" : "");
    }

    /** Builder for custom policies; every role not set weighs 0. */
    public static final class Builder {
        private final String name;
        private String label;
        private final EnumMap<Role, Float> weights = new EnumMap<>(Role.class);
        private double entropyTopFraction = 1.0;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a mask policy needs a name");
            }
            this.name = name.trim();
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** Sets the weight of one role; must be finite and ≥ 0. */
        public Builder weight(Role role, float weight) {
            if (!(weight >= 0f) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException("mask policy '" + name + "': weight of " + role
                        + " must be a finite number ≥ 0, found " + weight);
            }
            weights.put(role, weight);
            return this;
        }

        /** Keeps only the top-ρ fraction of highest-entropy model tokens; ρ ∈ (0, 1], 1 = no filter. */
        public Builder entropyTopFraction(double rho) {
            if (!(rho > 0 && rho <= 1)) {
                throw new IllegalArgumentException("mask policy '" + name + "': entropy_top_fraction must be in (0, 1], found " + rho);
            }
            this.entropyTopFraction = rho;
            return this;
        }

        public MaskPolicy build() {
            return new MaskPolicy(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskPolicy p && p.name.equals(name) && p.label.equals(label)
                && Arrays.equals(p.weightVector(), weightVector()) && p.entropyTopFraction == entropyTopFraction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, label, Arrays.hashCode(weightVector()), entropyTopFraction);
    }

    private float[] weightVector() {
        float[] v = new float[Role.values().length];
        for (Role r : Role.values()) {
            v[r.ordinal()] = weight(r);
        }
        return v;
    }
}
