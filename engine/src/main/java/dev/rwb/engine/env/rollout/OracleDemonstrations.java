package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a task's oracle into supervised-warm-start data: the oracle writes the model side
 * (think / call / answer), the real tools answer in between, and the rollout engine labels every
 * token with its role and turn and scores the result, exactly as for a sampled rollout.
 */
public final class OracleDemonstrations {
    private final Tokenizer tokenizer;
    private final RolloutConfig config;
    private final CompositeReward reward;
    private final int contextLength;

    public OracleDemonstrations(Tokenizer tokenizer, RolloutConfig config, CompositeReward reward, int contextLength) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.reward = reward;
        this.contextLength = contextLength;
    }

    /** The model-side segments of one demonstration per instance, reproducible from {@code seed}. */
    public static List<List<String>> scripts(Task task, List<TaskInstance> instances, double noise, long seed) {
        return scripts(task, instances, noise, Mistakes.MIXED, seed);
    }

    /** As {@link #scripts(Task, List, double, long)}, with the kind of mistakes the noisy ones make. */
    public static List<List<String>> scripts(Task task, List<TaskInstance> instances, double noise, Mistakes mistakes,
                                             long seed) {
        Oracle oracle = task.oracle();
        List<List<String>> out = new ArrayList<>();
        for (TaskInstance instance : instances) {
            out.add(oracle.demonstrate(instance, noise, mistakes, new Random(seed ^ instance.id().hashCode())));
        }
        return out;
    }

    /**
     * One demonstration trajectory per instance.
     *
     * @param noise probability that a demonstration contains one deliberate mistake
     */
    public List<Trajectory> demonstrate(Task task, List<TaskInstance> instances, double noise, long seed, String run) {
        return demonstrate(task, instances, noise, Mistakes.MIXED, seed, run);
    }

    /** As {@link #demonstrate(Task, List, double, long, String)}, with the kind of mistakes the noisy ones make. */
    public List<Trajectory> demonstrate(Task task, List<TaskInstance> instances, double noise, Mistakes mistakes,
                                        long seed, String run) {
        ScriptedPolicy policy = new ScriptedPolicy(tokenizer, scripts(task, instances, noise, mistakes, seed),
                contextLength);
        RolloutEngine engine = new RolloutEngine(policy, config, reward);
        return engine.rollout(task, instances, 1, SamplingParams.greedy(), new RolloutContext(run, 0));
    }
}
