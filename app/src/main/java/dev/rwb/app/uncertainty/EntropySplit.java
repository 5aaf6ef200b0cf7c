package dev.rwb.app.uncertainty;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * Entropy of model-written tokens split in two: the k positions just before the start of a tool
 * call (the moment the model decided to search or calculate) and every other model-written token.
 * Tokens with unknown entropy (NaN) are skipped. Mutable accumulator; merge trajectories with {@link #add}.
 */
public final class EntropySplit {
    private double beforeSum;
    private long beforeCount;
    private double elsewhereSum;
    private long elsewhereCount;

    /** Adds one trajectory's tokens. A tool call starts where a TOOL_CALL token follows a non-TOOL_CALL one. */
    public void add(TokenArrays t, int k) {
        Role[] roles = t.roles();
        float[] h = t.entropies();
        boolean[] before = new boolean[roles.length];
        for (int i = 0; i < roles.length; i++) {
            boolean callStart = roles[i] == Role.TOOL_CALL && (i == 0 || roles[i - 1] != Role.TOOL_CALL);
            if (callStart) {
                for (int j = Math.max(0, i - k); j < i; j++) {
                    before[j] = true;
                }
            }
        }
        for (int i = 0; i < roles.length; i++) {
            if (!roles[i].isModelWritten() || !Float.isFinite(h[i])) {
                continue;
            }
            if (before[i]) {
                beforeSum += h[i];
                beforeCount++;
            } else {
                elsewhereSum += h[i];
                elsewhereCount++;
            }
        }
    }

    /** Mean entropy in the k positions before tool calls, NaN when there were none. */
    public double meanBefore() {
        return beforeCount == 0 ? Double.NaN : beforeSum / beforeCount;
    }

    /** Mean entropy of all other model-written tokens, NaN when none. */
    public double meanElsewhere() {
        return elsewhereCount == 0 ? Double.NaN : elsewhereSum / elsewhereCount;
    }

    public long beforeCount() {
        return beforeCount;
    }

    public long elsewhereCount() {
        return elsewhereCount;
    }
}
