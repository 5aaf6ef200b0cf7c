package dev.rwb.engine.interop.export;

import dev.rwb.engine.trajectory.TokenArrays;

/** Which per-token value colours the tokens of an exported trajectory, and whether it is signed. */
public enum TokenColoring {
    /** The signed update coefficient c_t (DESIGN §4). */
    CONTRIBUTION(true, "contribution"),
    ADVANTAGE(true, "advantage"),
    LOGPROB(false, "logprob"),
    ENTROPY(false, "entropy"),
    /** Roles and masks only. */
    NONE(false, "none");

    private final boolean signed;
    private final String label;

    TokenColoring(boolean signed, String label) {
        this.signed = signed;
        this.label = label;
    }

    public boolean signed() {
        return signed;
    }

    public String label() {
        return label;
    }

    /** The value of token i, NaN when unknown or for NONE. */
    public double value(TokenArrays a, int i) {
        return switch (this) {
            case CONTRIBUTION -> a.contributions()[i];
            case ADVANTAGE -> a.advantages()[i];
            case LOGPROB -> a.logprobs()[i];
            case ENTROPY -> a.entropies()[i];
            case NONE -> Double.NaN;
        };
    }

    public static TokenColoring parse(String name) {
        for (TokenColoring c : values()) {
            if (c.label.equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown colouring '" + name + "' (expected contribution, advantage, "
                + "logprob, entropy or none)");
    }
}
