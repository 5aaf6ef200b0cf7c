package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.FormatCheck;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.env.rollout.RolloutContext;
import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out evaluation: greedy accuracy and format rate over the held-out problems, and pass@k —
 * the share of problems with at least one correct answer among k samples at the training temperature.
 */
public final class HeldOutEvaluator {
    private final Task task;
    private final List<TaskInstance> heldOut;
    private final int passK;
    private final float temperature;

    public HeldOutEvaluator(Task task, List<TaskInstance> heldOut, int passK, float temperature) {
        this.task = task;
        this.heldOut = List.copyOf(heldOut);
        this.passK = passK;
        this.temperature = temperature;
    }

    /** Metrics {@code eval_accuracy}, {@code eval_format_rate}, {@code eval_pass_at_k}, {@code eval_response_length}. */
    public Map<String, Double> evaluate(EpisodeRunner engine, long seed) {
        Map<String, Double> out = new LinkedHashMap<>();
        RolloutContext context = new RolloutContext("eval", 0);
        List<Trajectory> greedy = engine.rollout(task, heldOut, 1, SamplingParams.greedy(), context);
        int correct = 0;
        int formatted = 0;
        double length = 0;
        for (Trajectory e : greedy) {
            correct += e.correct() ? 1 : 0;
            formatted += FormatCheck.isWellFormed(StepStats.responseText(e)) ? 1 : 0;
            length += e.responseLength();
        }
        out.put("eval_accuracy", (double) correct / heldOut.size());
        out.put("eval_format_rate", (double) formatted / heldOut.size());
        out.put("eval_response_length", length / heldOut.size());
        if (passK > 1) {
            List<Trajectory> sampled = engine.rollout(task, heldOut, passK, SamplingParams.of(temperature, seed), context);
            int passed = 0;
            int sampledCorrect = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                boolean any = false;
                for (int k = 0; k < passK; k++) {
                    boolean ok = sampled.get(i * passK + k).correct();
                    any |= ok;
                    sampledCorrect += ok ? 1 : 0;
                }
                passed += any ? 1 : 0;
            }
            out.put("eval_pass_at_k", (double) passed / heldOut.size());
            out.put("eval_sampled_accuracy", (double) sampledCorrect / (heldOut.size() * passK));
        }
        return out;
    }
}
