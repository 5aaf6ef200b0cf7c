package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.rollout.RolloutContext;
import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.model.LearningRateSchedule;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.algo.AdvantageEstimator;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.rl.sampling.PromptSampler;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One RL step from prompts to updated weights, read top to bottom in {@link #run}: rollout →
 * score → advantages → mask → update → record, each a method of its own with its formula beside
 * the line that computes it (the layout of CleanRL's ppo.py). What the config means — estimator,
 * mask policy, KL placement, schedule — comes from the run's {@link TrainingRecipe}.
 */
final class StepRunner {
    private final RunConfig config;
    private final TrainingRecipe recipe;
    private final Task task;
    private final RunModel model;
    private final EpisodeRunner engine;
    private final PromptSampler sampler;
    private final PolicyUpdate update;
    private final AdvantageEstimator advantages;
    private final MaskPolicy mask;
    private final KlEstimator kl;
    private final LearningRateSchedule schedule;
    private final int groupSize;
    /** Partial rollouts: groups the token budget stopped before all their episodes ended, continued next step. */
    private List<RolloutEngine.PendingGroup> carried = List.of();

    record Result(Map<String, Double> metrics, List<Trajectory> trajectories) {
    }

    /** The finished episodes of this step, G per group, and how many groups came from the last step. */
    private record Rollout(List<Trajectory> episodes, int groups, int resumedGroups) {
    }

    /** Teacher-forced log π_old and log π_ref (null without a reference) per episode, and the rewards per group. */
    private record Scores(float[][] old, float[][] ref, List<double[]> groupRewards) {
    }

    /** The samples that train, and the index of each one's episode. */
    private record Batch(List<TrainingSample> samples, List<Integer> episodeIndex) {
    }

    /** Wall-clock marks of the step's phases (nanoseconds). */
    private record Timing(long start, long rolledOut, long scored, long updated) {
    }

    StepRunner(RunConfig config, TrainingRecipe recipe, Task task, RunModel model, EpisodeRunner engine,
               PromptSampler sampler, PolicyUpdate update) {
        this.config = config;
        this.recipe = recipe;
        this.task = task;
        this.model = model;
        this.engine = engine;
        this.sampler = sampler;
        this.update = update;
        this.advantages = recipe.advantages();
        this.mask = recipe.maskPolicy();
        this.kl = recipe.klEstimator().orElse(null);
        this.schedule = recipe.learningRateSchedule();
        this.groupSize = config.algorithm().groupSize();
    }

    /** Step {@code step} (1-based) of run {@code runName}. */
    Result run(int step, String runName) {
        long t0 = System.nanoTime();
        // 1. rollout: G episodes per prompt
        Rollout rollout = rollout(step, runName);
        long t1 = System.nanoTime();
        // 2. score: log π_old, log π_ref per token; r per episode (− β Σ_t k(t) with KL in the reward)
        StepStats stats = new StepStats();
        Scores scores = score(rollout, stats);
        long t2 = System.nanoTime();
        // 3. advantages per group, e.g. GRPO A_i = (r_i − mean(r)) / (std(r) + 1e-6); equal rewards → exactly 0
        GroupAdvantages adv = GroupAdvantages.of(advantages, scores.groupRewards(),
                config.algorithm().negateAdvantages(), config.sampling().dynamicSampling());
        // 4. mask: loss weight w_t per token from the mask policy
        Batch batch = mask(rollout, scores, adv);
        // 5. update at lr(step): L = −Σ w·min(ρA, clip(ρ)A)/N + KL, entropy and τ terms
        double lr = schedule.at(step);
        UpdateResult u = update(batch, lr, step);
        long t3 = System.nanoTime();
        // 6. record: trajectories with c_t = w·A·ρ/N (0 where clipped) as the update computed them
        List<Trajectory> trajectories = record(step, runName, rollout, scores, adv, batch, u, stats);
        Map<String, Double> m = metrics(stats, rollout, adv, u, lr, new Timing(t0, t1, t2, t3));
        return new Result(m, trajectories);
    }

    /**
     * 1. Prompts and group rollouts, G episodes per prompt. With partial rollouts (token budget &gt; 0)
     * the groups carried over from the last step continue first, fresh prompts fill the step up to
     * prompts_per_step groups, and only groups whose episodes have all ended are trained this step.
     */
    private Rollout rollout(int step, String runName) {
        int budget = config.rollout().partialTokenBudget();
        List<TaskInstance> fresh = sampler.draw(step, Math.max(0, config.algorithm().promptsPerStep() - carried.size()));
        SamplingParams sampling = new SamplingParams((float) config.sampling().temperature(), config.sampling().topK(),
                (float) config.sampling().topP(), config.seed() * 1_000_003L + step);
        int resumed = carried.size();
        RolloutEngine.PartialRollout r = engine.rollout(task, fresh, groupSize, sampling,
                new RolloutContext(runName, step, step - 1), carried, budget);
        carried = r.pending();
        return new Rollout(r.finished(), r.finished().size() / groupSize, resumed);
    }

    /**
     * 2. Teacher-forced log π_old (and log π_ref) of every token, without gradients; the rewards per
     * group as the rollout engine scored them, and with KL in the reward {@code r ← r − β Σ_t k(t)}
     * over the model-written tokens. The sampler's success counts are updated here.
     */
    private Scores score(Rollout rollout, StepStats stats) {
        List<int[]> seqs = rollout.episodes().stream().map(e -> e.tokens().tokenIds()).toList();
        float[][] old = model.logprobs(seqs);
        float[][] ref = model.referenceLogprobs(seqs);
        List<double[]> groupRewards = new ArrayList<>();
        for (int p = 0; p < rollout.groups(); p++) {
            double[] r = new double[groupSize];
            int correct = 0;
            for (int k = 0; k < groupSize; k++) {
                int i = p * groupSize + k;
                Trajectory e = rollout.episodes().get(i);
                // r ← r − β Σ_t k(t) when the KL acts in the reward
                r[k] = e.reward() - (recipe.klInReward() ? recipe.klBeta() * sequenceKl(e.tokens(), old[i], ref[i]) : 0);
                correct += e.correct() ? 1 : 0;
                stats.episode(e, r[k]);
            }
            sampler.tracker().record(rollout.episodes().get(p * groupSize).promptId(), correct, groupSize);
            groupRewards.add(r);
        }
        return new Scores(old, ref, groupRewards);
    }

    /**
     * 4. The loss weights w_t of the mask policy for every episode of a group that trains (3, the
     * advantages, is {@link GroupAdvantages}); each token carries its response's advantage A.
     */
    private Batch mask(Rollout rollout, Scores scores, GroupAdvantages adv) {
        List<TrainingSample> samples = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int p = 0; p < rollout.groups(); p++) {
            if (!adv.trained()[p]) {
                continue;
            }
            for (int k = 0; k < groupSize; k++) {
                int i = p * groupSize + k;
                TokenArrays tokens = tokens(rollout.episodes().get(i), scores.old()[i],
                        scores.ref() == null ? null : scores.ref()[i], adv.of(p, k));
                // w_t = weight of the token's role under the mask policy (then the entropy filter, if any)
                float[] w = mask.weights(tokens);
                samples.add(new TrainingSample(tokens.withUpdate(w, tokens.contributions(), tokens.clipped()), w,
                        adv.of(p, k)));
                index.add(i);
            }
        }
        return new Batch(samples, index);
    }

    /**
     * 5. The update at {@code lr = schedule(step)}: minimise
     * {@code L = −Σ w·min(ρA, clip(ρ, 1−ε_low, 1+ε_high)A)/N (+ β KL, − c_H H, + τ term)} over the
     * batch ({@link PolicyUpdate}); an empty batch (every group dropped) takes no step.
     */
    private UpdateResult update(Batch batch, double lr, int step) {
        if (batch.samples().isEmpty()) {
            return new UpdateResult(List.of(), 0, 0, 0, 0, 0);
        }
        return update.update(batch.samples(), lr, new Random(config.seed() * 31L + step));
    }

    /**
     * 6. The trajectories exactly as the update used them (weights, contributions c_t, clip flags);
     * episodes of dropped groups are stored with weights 0 and nothing trained. The stored reward is
     * the one the advantages saw (KL in the reward included, its part named kl_penalty).
     */
    private List<Trajectory> record(int step, String runName, Rollout rollout, Scores scores, GroupAdvantages adv,
                                    Batch batch, UpdateResult u, StepStats stats) {
        Map<Integer, TokenArrays> trained = new HashMap<>();
        for (int j = 0; j < batch.episodeIndex().size(); j++) {
            trained.put(batch.episodeIndex().get(j), u.records().get(j));
        }
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < rollout.episodes().size(); i++) {
            int p = i / groupSize;
            int k = i % groupSize;
            Trajectory e = rollout.episodes().get(i);
            TokenArrays tokens = trained.get(i);
            if (tokens == null) {
                TokenArrays raw = tokens(e, scores.old()[i], scores.ref() == null ? null : scores.ref()[i], adv.of(p, k));
                tokens = raw.withUpdate(new float[raw.length()], new float[raw.length()], new boolean[raw.length()]);
            }
            double reward = scores.groupRewards().get(p)[k];
            Map<String, Double> components = new LinkedHashMap<>(e.rewardComponents());
            if (recipe.klInReward()) {
                components.put("kl_penalty", reward - e.reward());
            }
            out.add(new Trajectory(0, runName, step, e.promptId(), "step" + step + "-p" + p, k, task.name(),
                    e.groundTruth(), e.finalAnswer(), reward, components, e.correct(), e.finishReason(),
                    e.numToolCalls(), false, e.policySegments(), tokens, e.toolError(), e.verifierError()));
            stats.tokens(tokens, kl);
        }
        return out;
    }

    /** The step's metrics: rollout statistics, update statistics, partial-rollout counts and timings. */
    private Map<String, Double> metrics(StepStats stats, Rollout rollout, GroupAdvantages adv, UpdateResult u,
                                        double lr, Timing t) {
        Map<String, Double> m = stats.metrics();
        m.put("loss", u.loss());
        m.put("grad_norm", u.gradNorm());
        m.put("clip_fraction", u.clipFraction());
        m.put("lr", lr);
        m.put("optimizer_steps", (double) u.optimizerSteps());
        m.put("skipped_update", u.optimizerSteps() == 0 ? 1.0 : 0.0);
        m.put("zero_advantage_group_share", adv.zeroShare());
        List<Trajectory> episodes = rollout.episodes();
        if (config.rollout().partialTokenBudget() > 0) {
            m.put("partial_groups_trained", (double) rollout.groups());
            m.put("partial_groups_resumed", (double) rollout.resumedGroups());
            m.put("partial_groups_pending", (double) carried.size());
            m.put("partial_multi_version_share", episodes.isEmpty() ? 0
                    : (double) episodes.stream().filter(e -> e.policySegments().size() > 1).count() / episodes.size());
        }
        m.put("dropped_groups", (double) adv.dropped());
        long generated = episodes.stream().mapToLong(e -> e.tokens().modelTokenCount()).sum();
        m.put("time_rollout_s", (t.rolledOut() - t.start()) / 1e9);
        m.put("time_scoring_s", (t.scored() - t.rolledOut()) / 1e9);
        m.put("time_update_s", (t.updated() - t.scored()) / 1e9);
        m.put("step_time_s", (System.nanoTime() - t.start()) / 1e9);
        m.put("rollout_tokens_per_s", generated / Math.max(1e-9, (t.rolledOut() - t.start()) / 1e9));
        m.put("train_tokens_per_s", u.trainedTokens() / Math.max(1e-9, (t.updated() - t.scored()) / 1e9));
        return m;
    }

    /** Σ_t k(t) over the model-written tokens of an episode (for KL in the reward). */
    private double sequenceKl(TokenArrays e, float[] logp, float[] refLogp) {
        double sum = 0;
        for (int t = 0; t < e.length(); t++) {
            if (e.roles()[t].isModelWritten()) {
                sum += kl.value(logp[t], refLogp[t]);
            }
        }
        return sum;
    }

    /** The per-token arrays of an episode: log π_old where trained or sampled, log π_ref, entropy, advantage. */
    private static TokenArrays tokens(Trajectory episode, float[] oldLogp, float[] refLogp, double advantage) {
        TokenArrays e = episode.tokens();
        TokenArrays.Builder b = TokenArrays.builder();
        // the prompt ends at the first model-written token (a chat prompt also has SYSTEM scaffold in it)
        int prompt = Math.max(1, episode.promptLength());
        for (int t = 0; t < e.length(); t++) {
            boolean response = t >= prompt;
            float lp = response ? oldLogp[t] : Float.NaN;
            float rl = response && refLogp != null ? refLogp[t] : Float.NaN;
            float a = response ? (float) advantage : Float.NaN;
            b.add(e.tokenIds()[t], e.tokenText()[t], e.roles()[t], e.turns()[t], 0f, lp, rl,
                    e.entropies()[t], a, 0f, false);
        }
        return b.build();
    }
}
