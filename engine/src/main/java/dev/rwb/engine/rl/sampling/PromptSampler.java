package dev.rwb.engine.rl.sampling;

import dev.rwb.engine.config.SamplingStrategy;
import dev.rwb.engine.env.TaskInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Draws the distinct prompts of one step from the training pool (DESIGN §5, Kimi k1.5):
 * <ul>
 *   <li>uniform: every problem equally likely;</li>
 *   <li>prioritized: problem i with probability ∝ 1 − s_i, its tracked success rate
 *       (uniform when every problem is solved);</li>
 *   <li>curriculum: only problems of the current level, which rises from the easiest to the
 *       hardest level in equal stretches of the run.</li>
 * </ul>
 * The RNG of each step is seeded from (seed, step), so a resumed run draws what the original would have.
 */
public final class PromptSampler {
    private final List<TaskInstance> pool;
    private final SamplingStrategy strategy;
    private final SuccessTracker tracker;
    private final long seed;
    private final int totalSteps;

    public PromptSampler(List<TaskInstance> pool, SamplingStrategy strategy, SuccessTracker tracker, long seed, int totalSteps) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the training pool is empty");
        }
        this.pool = List.copyOf(pool);
        this.strategy = strategy;
        this.tracker = tracker;
        this.seed = seed;
        this.totalSteps = totalSteps;
    }

    public SuccessTracker tracker() {
        return tracker;
    }

    /** {@code n} distinct problems for step {@code step} (1-based); fewer only if the candidates run out. */
    public List<TaskInstance> draw(int step, int n) {
        Random rng = new Random(seed * 1_000_003L + step * 7_919L);
        List<TaskInstance> candidates = candidates(step);
        double[] weight = new double[candidates.size()];
        for (int i = 0; i < weight.length; i++) {
            // prioritized: p_i ∝ 1 − s_i
            weight[i] = strategy == SamplingStrategy.PRIORITIZED ? 1 - tracker.successRate(candidates.get(i).id()) : 1;
        }
        List<TaskInstance> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        while (out.size() < Math.min(n, candidates.size())) {
            int i = pick(weight, taken, rng);
            taken.add(i);
            out.add(candidates.get(i));
        }
        return out;
    }

    /** The level a curriculum run trains at in {@code step}. */
    public int curriculumLevel(int step) {
        int min = pool.stream().mapToInt(TaskInstance::level).min().orElseThrow();
        int max = pool.stream().mapToInt(TaskInstance::level).max().orElseThrow();
        int levels = max - min + 1;
        // equal stretches: level = min + ⌊(step−1)·levels / total⌋
        return Math.min(max, min + (int) ((long) (step - 1) * levels / Math.max(1, totalSteps)));
    }

    private List<TaskInstance> candidates(int step) {
        if (strategy != SamplingStrategy.CURRICULUM) {
            return pool;
        }
        int level = curriculumLevel(step);
        List<TaskInstance> atLevel = pool.stream().filter(t -> t.level() == level).toList();
        return atLevel.isEmpty() ? pool : atLevel;
    }

    private static int pick(double[] weight, Set<Integer> taken, Random rng) {
        double total = 0;
        for (int i = 0; i < weight.length; i++) {
            if (!taken.contains(i)) {
                total += weight[i];
            }
        }
        if (total <= 0) {
            // every remaining weight is 0 (all solved): fall back to uniform over the rest
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < weight.length; i++) {
                if (!taken.contains(i)) {
                    rest.add(i);
                }
            }
            return rest.get(rng.nextInt(rest.size()));
        }
        double u = rng.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weight.length; i++) {
            if (taken.contains(i)) {
                continue;
            }
            last = i;
            u -= weight[i];
            if (u < 0 && weight[i] > 0) {
                return i;
            }
        }
        return last;
    }
}
