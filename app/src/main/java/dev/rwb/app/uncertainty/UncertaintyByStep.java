package dev.rwb.app.uncertainty;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@link EntropySplit} per training step of a run, plus the total over all steps. */
public final class UncertaintyByStep {
    private final SortedMap<Integer, EntropySplit> steps = new TreeMap<>();
    private final EntropySplit total = new EntropySplit();
    private final int k;

    public UncertaintyByStep(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        this.k = k;
    }

    public static UncertaintyByStep of(Collection<Trajectory> trajectories, int k) {
        UncertaintyByStep u = new UncertaintyByStep(k);
        trajectories.forEach(u::add);
        return u;
    }

    public void add(Trajectory t) {
        steps.computeIfAbsent(t.step(), s -> new EntropySplit()).add(t.tokens(), k);
        total.add(t.tokens(), k);
    }

    /** Step → split, ordered by step. */
    public Map<Integer, EntropySplit> steps() {
        return java.util.Collections.unmodifiableSortedMap(steps);
    }

    public EntropySplit total() {
        return total;
    }

    public int k() {
        return k;
    }
}
