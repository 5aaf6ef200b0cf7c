package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;

/**
 * A run's warm start made ready before the run exists: each phase with its tokenised oracle
 * demonstrations (the ones that fit the context), so that a config whose demonstrations cannot
 * fit is refused before anything is written.
 */
public final class WarmStartPlan {
    /** No warm start (a run from {@code model.checkpoint}, or {@code warm_start.steps} = 0). */
    public static final WarmStartPlan NONE = new WarmStartPlan(List.of());

    /** One phase and the demonstrations it trains on. */
    public record Phase(RunConfig.Phase settings, List<Trajectory> demonstrations) {
    }

    private final List<Phase> phases;

    WarmStartPlan(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    public List<Phase> phases() {
        return phases;
    }

    public boolean isEmpty() {
        return phases.isEmpty();
    }

    /** Steps over all phases. */
    public int totalSteps() {
        return phases.stream().mapToInt(p -> p.settings().steps()).sum();
    }

    /** The 1-based warm-start step across phases of step {@code step} (1-based) of phase {@code phase} (0-based). */
    public int globalStep(int phase, int step) {
        int before = 0;
        for (int i = 0; i < phase; i++) {
            before += phases.get(i).settings().steps();
        }
        return before + step;
    }
}
