package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.FormatCheck;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.rl.rollout.Episode;
import dev.rwb.engine.rl.rollout.RolloutEngine;

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
    public Map<String, Double> evaluate(RolloutEngine engine, long seed) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Episode> greedy = engine.run(heldOut, SamplingParams.greedy());
        int correct = 0;
        int formatted = 0;
        double length = 0;
        for (Episode e : greedy) {
            correct += task.verify(e.instance(), e.finalAnswer()).correct() ? 1 : 0;
            formatted += FormatCheck.isWellFormed(e.responseText()) ? 1 : 0;
            length += e.responseLength();
        }
        out.put("eval_accuracy", (double) correct / heldOut.size());
        out.put("eval_format_rate", (double) formatted / heldOut.size());
        out.put("eval_response_length", length / heldOut.size());
        if (passK > 1) {
            List<TaskInstance> repeated = new ArrayList<>();
            for (TaskInstance t : heldOut) {
                for (int k = 0; k < passK; k++) {
                    repeated.add(t);
                }
            }
            List<Episode> sampled = engine.run(repeated, SamplingParams.of(temperature, seed));
            int passed = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                boolean any = false;
                for (int k = 0; k < passK; k++) {
                    Episode e = sampled.get(i * passK + k);
                    any |= task.verify(e.instance(), e.finalAnswer()).correct();
                }
                passed += any ? 1 : 0;
            }
            out.put("eval_pass_at_k", (double) passed / heldOut.size());
        }
        return out;
    }
}
