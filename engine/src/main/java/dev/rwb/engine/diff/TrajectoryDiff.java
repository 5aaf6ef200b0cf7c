package dev.rwb.engine.diff;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Two trajectories of the same prompt aligned token by token ({@link TokenAligner}: common prefix,
 * then Myers), with the change of each per-token value on the aligned tokens: Δ = B − A.
 *
 * @param a the first trajectory (e.g. run A, or sample 0)
 * @param b the second trajectory
 * @param alignment how their ids align
 * @param entries one entry per aligned, deleted (A only) or inserted (B only) token, in reading order
 */
public record TrajectoryDiff(Trajectory a, Trajectory b, TokenAlignment alignment, List<Entry> entries) {

    /** The per-token values a diff can compare. */
    public enum Value {
        LOGPROB("Δ logprob"), ENTROPY("Δ entropy"), CONTRIBUTION("Δ contribution");

        private final String label;

        Value(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        float of(TokenArrays t, int i) {
            return switch (this) {
                case LOGPROB -> t.logprobs()[i];
                case ENTROPY -> t.entropies()[i];
                case CONTRIBUTION -> t.contributions()[i];
            };
        }
    }

    /**
     * One token of the diff.
     *
     * @param aIndex its position in A, or -1 when only B has it (inserted)
     * @param bIndex its position in B, or -1 when only A has it (deleted)
     */
    public record Entry(int aIndex, int bIndex) {
        public boolean aligned() {
            return aIndex >= 0 && bIndex >= 0;
        }

        public boolean inserted() {
            return aIndex < 0;
        }

        public boolean deleted() {
            return bIndex < 0;
        }
    }

    public TrajectoryDiff {
        entries = List.copyOf(entries);
    }

    /** Aligns B against A. */
    public static TrajectoryDiff of(Trajectory a, Trajectory b) {
        TokenAlignment al = TokenAligner.align(a.tokens().tokenIds(), b.tokens().tokenIds());
        List<Entry> entries = new ArrayList<>();
        for (int[] p : al.pairs()) {
            entries.add(new Entry(p[0], p[1]));
        }
        return new TrajectoryDiff(a, b, al, entries);
    }

    /** B − A of a value on an aligned entry; NaN for an inserted or deleted one, or where either is unknown. */
    public double delta(Entry e, Value v) {
        if (!e.aligned()) {
            return Double.NaN;
        }
        return (double) v.of(b.tokens(), e.bIndex()) - v.of(a.tokens(), e.aIndex());
    }

    /** The largest |Δ| over aligned entries (0 when none is finite): the half-width of a symmetric scale. */
    public double maxAbsDelta(Value v) {
        double m = 0;
        for (Entry e : entries) {
            double d = delta(e, v);
            if (Double.isFinite(d)) {
                m = Math.max(m, Math.abs(d));
            }
        }
        return m;
    }

    /** Mean |Δ| over aligned entries where both values are known (NaN when none). */
    public double meanAbsDelta(Value v) {
        double sum = 0;
        int n = 0;
        for (Entry e : entries) {
            double d = delta(e, v);
            if (Double.isFinite(d)) {
                sum += Math.abs(d);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Number of aligned tokens. */
    public int alignedCount() {
        return (int) entries.stream().filter(Entry::aligned).count();
    }

    /** Number of tokens only B has. */
    public int insertedCount() {
        return (int) entries.stream().filter(Entry::inserted).count();
    }

    /** Number of tokens only A has. */
    public int deletedCount() {
        return (int) entries.stream().filter(Entry::deleted).count();
    }

    /** The text of an entry's token (B's when it has one). */
    public String text(Entry e) {
        return e.bIndex() >= 0 ? b.tokens().tokenText()[e.bIndex()] : a.tokens().tokenText()[e.aIndex()];
    }
}
