package dev.rwb.engine.simulate;

import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.rl.Advantages;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.LossAggregation;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic (seeded) generator of realistic GRPO rollouts for the three tasks, for two runs
 * that differ only in their mask policy, across several steps: accuracy and response length rise
 * with the step as in real RL. Rewards come from each task's checker, advantages from
 * {@link Advantages#grpo}, loss weights from the run's {@link MaskPolicy}, contributions from
 * {@link ContributionCalculator} (token-mean over the trajectory itself, PPO clip 0.2/0.28, k3 KL
 * with β = 0.001 in the loss), so recomputing a sample's contributions in the inspector gives
 * back the stored values.
 */
public final class SampleGenerator {
    /** A sample run: its name, mask policy and how fast it learns (1 = the faster run). */
    public record RunSpec(String name, MaskPolicy mask, double learningSpeed) {
    }

    public static final List<RunSpec> RUNS = List.of(new RunSpec("grpo-searchr1-masked", MaskPolicy.SEARCH_R1, 1.0),
            new RunSpec("grpo-unmasked", MaskPolicy.NO_MASKING, 0.75));
    public static final List<Integer> STEPS = List.of(0, 10, 20, 30, 40, 50);
    public static final int GROUP_SIZE = 8;
    public static final int PROMPTS_PER_TASK = 2;
    /** The most response tokens (model and tool) before an episode is cut with finish LENGTH. */
    public static final int RESPONSE_BUDGET = 256;
    /** How the samples' contributions are computed. */
    public static final ContributionCalculator CALCULATOR = ContributionCalculator.builder()
            .aggregation(LossAggregation.TOKEN_MEAN).clip(0.2, 0.28).kl(KlEstimator.K3, 0.001, true).build();
    /** The format reward of a well-formed but wrong answer (TinyZero's 0.1). */
    public static final double FORMAT_REWARD = 0.1;

    private final long seed;
    private final SampleWorld world;
    private final List<SampleTask> tasks;
    private final TaskTokenizer tokenizer;
    private final TokenScorer scorer;

    public SampleGenerator(long seed) {
        this.seed = seed;
        this.world = new SampleWorld(seed);
        this.tasks = List.of(new KbSearchTask(world), new ArithmeticTask(seed), new CountdownTask(seed));
        this.tokenizer = SampleVocabulary.tokenizer(world, tasks, seed);
        this.scorer = new TokenScorer(tokenizer, RESPONSE_BUDGET);
    }

    /** The tokenizer whose ids the samples use. */
    public TaskTokenizer tokenizer() {
        return tokenizer;
    }

    /** Every run × step × task × prompt × sample, with per-run step metrics. */
    public SampleSet generate() {
        List<SampleRollout> all = new ArrayList<>();
        Map<String, Map<Integer, Map<String, Double>>> metrics = new LinkedHashMap<>();
        for (RunSpec run : RUNS) {
            Map<Integer, Map<String, Double>> curve = new LinkedHashMap<>();
            for (int s = 0; s < STEPS.size(); s++) {
                List<SampleRollout> step = new ArrayList<>();
                for (SampleTask task : tasks) {
                    for (int p = 0; p < PROMPTS_PER_TASK; p++) {
                        step.addAll(group(run, s, task, p));
                    }
                }
                curve.put(STEPS.get(s), StepMetrics.compute(step.stream().map(SampleRollout::trajectory).toList()));
                all.addAll(step);
            }
            metrics.put(run.name(), curve);
        }
        return new SampleSet(List.copyOf(all), metrics);
    }

    private List<SampleRollout> group(RunSpec run, int stepIndex, SampleTask task, int prompt) {
        int step = STEPS.get(stepIndex);
        double progress = (double) stepIndex / (STEPS.size() - 1);
        int problem = stepIndex * PROMPTS_PER_TASK + prompt;
        StepProfile profile = StepProfile.at(progress * run.learningSpeed());
        List<ScoredEpisode> episodes = new ArrayList<>();
        double[] rewards = new double[GROUP_SIZE];
        for (int i = 0; i < GROUP_SIZE; i++) {
            Random rnd = new Random(mix(seed, run.name().hashCode(), task.name().hashCode(), step, prompt, i));
            Outcome outcome = outcome(task, run, progress, stepIndex == 0 && prompt == 0 ? i : -1, rnd);
            // verbosity grows with training: response length rises with accuracy
            int verbosity = (int) Math.round(3 * progress * run.learningSpeed()) + rnd.nextInt(2);
            ScoredEpisode e = scorer.score(task.write(problem, outcome, verbosity, rnd), profile, rnd);
            episodes.add(e);
            rewards[i] = reward(task, problem, e).values().stream().mapToDouble(Double::doubleValue).sum();
        }
        double[] adv = Advantages.grpo(rewards);
        List<SampleRollout> out = new ArrayList<>();
        for (int i = 0; i < GROUP_SIZE; i++) {
            ScoredEpisode e = episodes.get(i);
            TokenArrays tokens = ResponseAdvantage.assign(e.tokens(), (float) adv[i]);
            float[] w = run.mask().weights(tokens);
            Contributions c = CALCULATOR.compute(tokens, w, e.ratios());
            Map<String, Double> components = reward(task, problem, e);
            Trajectory t = new Trajectory(0, run.name(), step, task.problemId(problem),
                    task.problemId(problem) + "@" + step, i, task.name(), task.groundTruth(problem), e.finalAnswer(),
                    rewards[i], components, task.isCorrect(problem, e.finalAnswer()), e.finishReason(), e.toolCalls(),
                    false, List.of(), tokens.withUpdate(w, c.contributions(), c.clipped()));
            out.add(new SampleRollout(t, e.ratios()));
        }
        return out;
    }

    /** Correctness 1/0 from the checker, plus the format reward for a well-formed wrong answer. */
    private static Map<String, Double> reward(SampleTask task, int problem, ScoredEpisode e) {
        boolean correct = task.isCorrect(problem, e.finalAnswer());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("correctness", correct ? 1.0 : 0.0);
        m.put("format", !correct && e.finalAnswer() != null ? FORMAT_REWARD : 0.0);
        return m;
    }

    /**
     * The outcome of one sample. The first group of each task at the first step is forced through
     * every failure mode, so the samples always show each; otherwise success has probability
     * skill(progress) and the failures share the rest (collapse and running out of tokens rarer).
     */
    private static Outcome outcome(SampleTask task, RunSpec run, double progress, int forcedSlot, Random rnd) {
        List<Outcome> fails = task.failureModes();
        if (forcedSlot >= 0) {
            return forcedSlot == 0 || forcedSlot > fails.size() ? Outcome.CORRECT : fails.get(forcedSlot - 1);
        }
        double base = task instanceof CountdownTask ? 0.1 : 0.25;
        double peak = task instanceof CountdownTask ? 0.6 : 0.85;
        // skill rises from base to peak, more slowly for the slower run
        double skill = base + (peak - base) * progress * run.learningSpeed();
        if (rnd.nextDouble() < skill) {
            return Outcome.CORRECT;
        }
        double u = rnd.nextDouble();
        if (u < 0.04) {
            return Outcome.COLLAPSE;
        }
        if (u < 0.12) {
            return Outcome.OUT_OF_TOKENS;
        }
        List<Outcome> common = fails.stream().filter(o -> o != Outcome.COLLAPSE && o != Outcome.OUT_OF_TOKENS).toList();
        return common.get(rnd.nextInt(common.size()));
    }

    /**
     * One very long kb-search trajectory (about {@code targetTokens} tokens: many search turns,
     * then a correct answer) for benchmarks; generated on demand, never committed. A group of one
     * has no baseline, so its advantage uses a fixed baseline of 0.5: A = r − 0.5.
     */
    public Trajectory longTrajectory(int targetTokens) {
        Random rnd = new Random(mix(seed, targetTokens));
        LongEpisode episode = new LongEpisode(tasks.get(0), world.documents(), tokenizer, rnd);
        EpisodeText text = episode.write(targetTokens);
        ScoredEpisode e = new TokenScorer(tokenizer, Integer.MAX_VALUE).score(text, StepProfile.at(0.5), rnd);
        boolean correct = tasks.get(0).isCorrect(LongEpisode.PROBLEM, e.finalAnswer());
        double reward = correct ? 1 : e.finalAnswer() != null ? FORMAT_REWARD : 0;
        TokenArrays tokens = ResponseAdvantage.assign(e.tokens(), (float) (reward - 0.5));
        float[] w = MaskPolicy.SEARCH_R1.weights(tokens);
        Contributions c = CALCULATOR.compute(tokens, w, e.ratios());
        String id = tasks.get(0).problemId(LongEpisode.PROBLEM);
        return new Trajectory(0, "benchmark-long", 0, id, id + "@long", 0, "kb-search",
                tasks.get(0).groundTruth(LongEpisode.PROBLEM), e.finalAnswer(), reward,
                Map.of("correctness", correct ? 1.0 : 0.0), correct, e.finishReason(), e.toolCalls(), false, List.of(),
                tokens.withUpdate(w, c.contributions(), c.clipped()));
    }

    /** A well-mixed seed from several parts (SplitMix64 finaliser), so each sample's randomness is independent of order. */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h ^= p;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }
}
