package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;

/**
 * Rolls out groups of multi-turn tool-use episodes and scores them: {@link RolloutEngine} on the
 * workbench's task vocabulary, {@link ChatRolloutEngine} on a Hugging Face model's chat template.
 */
public interface EpisodeRunner {
    /**
     * Rolls out {@code groupSize} episodes per instance, continuing the {@code carried} groups first,
     * each episode adding at most {@code tokenBudget} response tokens in this call (0 = no budget);
     * see {@link RolloutEngine#rollout(Task, List, int, SamplingParams, RolloutContext, List, int)}.
     */
    RolloutEngine.PartialRollout rollout(Task task, List<TaskInstance> instances, int groupSize, SamplingParams params,
                                         RolloutContext context, List<RolloutEngine.PendingGroup> carried,
                                         int tokenBudget);

    /**
     * Rolls out {@code groupSize} episodes per instance to the end. Trajectories come back grouped: the
     * {@code groupSize} samples of instance 0 first, then those of instance 1, and so on.
     */
    default List<Trajectory> rollout(Task task, List<TaskInstance> instances, int groupSize, SamplingParams params,
                                     RolloutContext context) {
        return rollout(task, instances, groupSize, params, context, List.of(), 0).finished();
    }
}
