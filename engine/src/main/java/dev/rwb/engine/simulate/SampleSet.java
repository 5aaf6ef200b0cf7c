package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;
import java.util.Map;

/**
 * The generated samples: every rollout of every run, and per run the step metrics in the form the
 * workbench store takes (step → metric name → value).
 */
public record SampleSet(List<SampleRollout> rollouts, Map<String, Map<Integer, Map<String, Double>>> metrics) {

    /** Every trajectory, in generation order (run, step, task, prompt, sample). */
    public List<Trajectory> trajectories() {
        return rollouts.stream().map(SampleRollout::trajectory).toList();
    }

    /** The trajectories of one run. */
    public List<Trajectory> trajectories(String run) {
        return trajectories().stream().filter(t -> t.run().equals(run)).toList();
    }
}
