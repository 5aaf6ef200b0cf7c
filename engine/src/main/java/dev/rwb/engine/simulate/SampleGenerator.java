package dev.rwb.engine.simulate;

import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.countdown.CountdownTask;
import dev.rwb.engine.env.kb.KbSearchTask;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.rl.Advantages;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic (seeded) simulator of realistic GRPO rollouts for the three env tasks, for two
 * runs that differ only in their mask policy, across several steps: accuracy and response length
 * rise with the step as in real RL. Problems come from each task's own generator, episodes from
 * its oracle and its real tools ({@link SimulatedTask}), rewards from its verifier, advantages from
 * {@link Advantages#grpo}, loss weights from the run's {@link MaskPolicy}, contributions from
 * {@link ContributionCalculator} (token-mean over the trajectory itself, PPO clip 0.2/0.28, k3 KL
 * with β = 0.001 in the loss), so recomputing a sample's contributions in the inspector gives
 * back the stored values.
 */
public final class SampleGenerator {
    /**
     * A sample run: its name, mask preset and how fast it learns (1 = the faster run). Its
     * {@link #config()} is a real run config (GRPO, G = 8, PPO clip 0.2/0.28, k3 KL with β = 0.001
     * in the loss, token-mean), so the run's {@link #recipe()} — the same object the trainer and the
     * inspector use — gives its mask policy and contribution calculator. The config's task is the
     * first of the three the simulated run mixes (it records the loss, not a training job to redo).
     */
    public record RunSpec(String name, MaskPreset preset, double learningSpeed) {
        /** The run's config as stored with the run. */
        public RunConfig config() {
            String json = "{\"name\": \"" + name + "\", \"task\": {\"name\": \"kb-search\"},"
                    + " \"algorithm\": {\"name\": \"grpo\", \"group_size\": " + GROUP_SIZE
                    + ", \"prompts_per_step\": " + 3 * PROMPTS_PER_TASK + "},"
                    + " \"kl\": {\"estimator\": \"k3\", \"placement\": \"loss\", \"beta\": 0.001},"
                    + " \"clip\": {\"eps_low\": 0.2, \"eps_high\": 0.28}, \"loss_aggregation\": \"token_mean\","
                    + " \"mask\": {\"preset\": \"" + preset.key() + "\"},"
                    + " \"rollout\": {\"max_new_tokens\": " + RESPONSE_BUDGET + "}, \"steps\": " + STEPS.get(STEPS.size() - 1) + "}";
            try {
                return RunConfigReader.parse(json, "sample run " + name);
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        }

        /** What the config means: mask policy, contribution calculator, … */
        public TrainingRecipe recipe() {
            return TrainingRecipe.of(config());
        }

        /** The run's mask policy. */
        public MaskPolicy mask() {
            return recipe().maskPolicy();
        }
    }

    public static final List<RunSpec> RUNS = List.of(new RunSpec("grpo-searchr1-masked", MaskPreset.SEARCH_R1, 1.0),
            new RunSpec("grpo-unmasked", MaskPreset.NO_MASKING, 0.75));
    public static final List<Integer> STEPS = List.of(0, 10, 20, 30, 40, 50);
    public static final int GROUP_SIZE = 8;
    public static final int PROMPTS_PER_TASK = 2;
    /** The most response tokens (model and tool) before an episode is cut with finish LENGTH: the engine's default. */
    public static final int RESPONSE_BUDGET = SimulatedTask.LIMITS.maxResponseTokens();
    /** How the samples' contributions are computed: the sample runs' recipe, each trajectory on its own. */
    public static final ContributionCalculator CALCULATOR = RUNS.get(0).recipe().contributions();
    /** The format reward of a well-formed but wrong answer (TinyZero's 0.1). */
    public static final double FORMAT_REWARD = 0.1;

    private final long seed;
    private final List<SimulatedTask> tasks;
    private final TaskTokenizer tokenizer;
    private final TokenScorer scorer;

    public SampleGenerator(long seed) {
        this.seed = seed;
        List<Outcome> toolFailures = List.of(Outcome.WRONG, Outcome.GUESS, Outcome.MALFORMED_CALL,
                Outcome.OUT_OF_TOKENS, Outcome.MAX_TURNS, Outcome.COLLAPSE);
        List<Outcome> searchFailures = new ArrayList<>(toolFailures);
        searchFailures.add(Outcome.TOOL_TIMEOUT); // only the search tool is slow enough to time out
        this.tasks = List.of(new SimulatedTask(new KbSearchTask(), seed, searchFailures, 0.25, 0.85),
                new SimulatedTask(new ArithmeticTask(), seed, toolFailures, 0.25, 0.85),
                // countdown is harder: a search over equations, mostly wrong guesses when it fails
                new SimulatedTask(new CountdownTask(), seed, List.of(Outcome.WRONG, Outcome.WRONG, Outcome.GUESS,
                        Outcome.OUT_OF_TOKENS, Outcome.COLLAPSE), 0.1, 0.6));
        this.tokenizer = SampleVocabulary.tokenizer(tasks, seed);
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
                for (SimulatedTask task : tasks) {
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

    private List<SampleRollout> group(RunSpec run, int stepIndex, SimulatedTask task, int prompt) {
        int step = STEPS.get(stepIndex);
        double progress = (double) stepIndex / (STEPS.size() - 1);
        int problem = stepIndex * PROMPTS_PER_TASK + prompt;
        StepProfile profile = StepProfile.at(progress * run.learningSpeed());
        MaskPolicy mask = run.mask();
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
            float[] w = mask.weights(tokens);
            Contributions c = CALCULATOR.compute(tokens, w, e.ratios());
            Map<String, Double> components = reward(task, problem, e);
            TaskInstance instance = task.instance(problem);
            Trajectory t = new Trajectory(0, run.name(), step, instance.id(), instance.id() + "@" + step, i,
                    task.name(), instance.groundTruth(), e.finalAnswer(), rewards[i], components,
                    task.verify(problem, e.finalAnswer()).correct(), e.finishReason(), e.toolCalls(),
                    false, List.of(), tokens.withUpdate(w, c.contributions(), c.clipped()));
            out.add(new SampleRollout(t, e.ratios()));
        }
        return out;
    }

    /** Correctness 1/0 from the task's verifier, plus the format reward for a well-formed wrong answer. */
    private static Map<String, Double> reward(SimulatedTask task, int problem, ScoredEpisode e) {
        boolean correct = task.verify(problem, e.finalAnswer()).correct();
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
    private static Outcome outcome(SimulatedTask task, RunSpec run, double progress, int forcedSlot, Random rnd) {
        List<Outcome> fails = task.failureModes();
        if (forcedSlot >= 0) {
            return forcedSlot == 0 || forcedSlot > fails.size() ? Outcome.CORRECT : fails.get(forcedSlot - 1);
        }
        // skill rises from the task's base to its peak, more slowly for the slower run
        if (rnd.nextDouble() < task.skill(progress * run.learningSpeed())) {
            return Outcome.CORRECT;
        }
        double u = rnd.nextDouble();
        if (u < 0.04) {
            return Outcome.COLLAPSE;
        }
        if (u < 0.12) {
            return Outcome.OUT_OF_TOKENS;
        }
        List<Outcome> common = fails.stream().filter(o -> o != Outcome.COLLAPSE && o != Outcome.OUT_OF_TOKENS
                && o != Outcome.TOOL_TIMEOUT).toList();
        return common.get(rnd.nextInt(common.size()));
    }

    /**
     * One very long kb-search trajectory (about {@code targetTokens} tokens: many search turns,
     * then a correct answer) for benchmarks; generated on demand, never committed. A group of one
     * has no baseline, so its advantage uses a fixed baseline of 0.5: A = r − 0.5.
     */
    public Trajectory longTrajectory(int targetTokens) {
        Random rnd = new Random(mix(seed, targetTokens));
        SimulatedTask kb = tasks.get(0);
        EpisodeText text = new LongEpisode(kb, tokenizer, rnd).write(targetTokens);
        ScoredEpisode e = new TokenScorer(tokenizer, Integer.MAX_VALUE).score(text, StepProfile.at(0.5), rnd);
        boolean correct = kb.verify(LongEpisode.PROBLEM, e.finalAnswer()).correct();
        double reward = correct ? 1 : e.finalAnswer() != null ? FORMAT_REWARD : 0;
        TokenArrays tokens = ResponseAdvantage.assign(e.tokens(), (float) (reward - 0.5));
        float[] w = MaskPolicy.SEARCH_R1.weights(tokens);
        Contributions c = CALCULATOR.compute(tokens, w, e.ratios());
        TaskInstance instance = kb.instance(LongEpisode.PROBLEM);
        return new Trajectory(0, "benchmark-long", 0, instance.id(), instance.id() + "@long", 0, kb.name(),
                instance.groundTruth(), e.finalAnswer(), reward,
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
