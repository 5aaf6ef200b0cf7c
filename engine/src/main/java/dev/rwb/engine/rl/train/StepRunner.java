package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.rollout.RolloutContext;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.LearningRateSchedule;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.algo.AdvantageEstimator;
import dev.rwb.engine.rl.sampling.PromptSampler;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One RL step from prompts to updated weights, with its metrics and the trajectories to store. */
final class StepRunner {
    private final RunConfig config;
    private final Task task;
    private final GptPolicy policy;
    private final GptPolicy reference;
    private final RolloutEngine engine;
    private final PromptSampler sampler;
    private final PolicyUpdate update;
    private final AdvantageEstimator advantages;
    private final MaskPolicy mask;
    private final KlEstimator kl;
    private final LearningRateSchedule schedule;
    private final TrainingRecipe recipe;
    /** Partial rollouts: groups the token budget stopped before all their episodes ended, continued next step. */
    private List<RolloutEngine.PendingGroup> carried = List.of();

    record Result(Map<String, Double> metrics, List<Trajectory> trajectories) {
    }

    StepRunner(RunConfig config, TrainingRecipe recipe, Task task, GptPolicy policy, GptPolicy reference,
               RolloutEngine engine, PromptSampler sampler, PolicyUpdate update) {
        this.config = config;
        this.recipe = recipe;
        this.task = task;
        this.policy = policy;
        this.reference = reference;
        this.engine = engine;
        this.sampler = sampler;
        this.update = update;
        this.advantages = recipe.advantages();
        this.mask = recipe.maskPolicy();
        this.kl = recipe.klEstimator().orElse(null);
        this.schedule = recipe.learningRateSchedule();
    }

    Result run(int step, String runName) {
        int g = config.algorithm().groupSize();
        long t0 = System.nanoTime();
        // 1. prompts and group rollouts; with partial rollouts (token budget > 0) the groups carried over
        //    from the last step continue first, fresh prompts fill the step up to prompts_per_step groups,
        //    and only groups whose episodes have all ended are trained on this step
        int budget = config.rollout().partialTokenBudget();
        List<TaskInstance> fresh = sampler.draw(step, Math.max(0, config.algorithm().promptsPerStep() - carried.size()));
        SamplingParams sampling = new SamplingParams((float) config.sampling().temperature(), config.sampling().topK(),
                (float) config.sampling().topP(), config.seed() * 1_000_003L + step);
        int resumedGroups = carried.size();
        RolloutEngine.PartialRollout rollout = engine.rollout(task, fresh, g, sampling,
                new RolloutContext(runName, step, step - 1), carried, budget);
        carried = rollout.pending();
        List<Trajectory> episodes = rollout.finished();
        int groups = episodes.size() / g;
        long t1 = System.nanoTime();

        // 2. teacher-forced log π_old (and log π_ref) of every token, without gradients
        List<int[]> seqs = episodes.stream().map(e -> e.tokens().tokenIds()).toList();
        float[][][] old = policy.scoring().score(policy.manager(), seqs);
        float[][][] ref = reference == null ? null : reference.scoring().score(reference.manager(), seqs);
        long t2 = System.nanoTime();

        // 3. rewards per group, scored by the rollout engine (KL in the reward: r ← r − β Σ_t k(t) over model tokens)
        StepStats stats = new StepStats();
        List<double[]> groupRewards = new ArrayList<>();
        boolean klInReward = recipe.klInReward();
        for (int p = 0; p < groups; p++) {
            double[] r = new double[g];
            int correct = 0;
            for (int k = 0; k < g; k++) {
                Trajectory e = episodes.get(p * g + k);
                r[k] = e.reward();
                if (klInReward) {
                    r[k] -= config.kl().beta() * sequenceKl(e.tokens(), old[p * g + k][0], ref[p * g + k][0]);
                }
                correct += e.correct() ? 1 : 0;
                stats.episode(e, r[k]);
            }
            sampler.tracker().record(episodes.get(p * g).promptId(), correct, g);
            groupRewards.add(r);
        }

        // 4. advantages; dynamic sampling drops groups whose rewards are all equal
        List<double[]> adv = advantages.advantages(groupRewards);
        if (config.algorithm().negateAdvantages()) {
            // sabotage switch for the learning test: A ← −A pushes every update the wrong way
            adv = adv.stream().map(a -> Arrays.stream(a).map(x -> -x).toArray()).toList();
        }
        List<TrainingSample> batch = new ArrayList<>();
        List<Integer> batchIndex = new ArrayList<>();
        int zeroGroups = 0;
        int dropped = 0;
        for (int p = 0; p < groups; p++) {
            boolean allEqual = Arrays.stream(groupRewards.get(p)).distinct().count() == 1;
            boolean zero = Arrays.stream(adv.get(p)).allMatch(a -> a == 0);
            zeroGroups += zero ? 1 : 0;
            if (config.sampling().dynamicSampling() && allEqual) {
                dropped++;
                continue;
            }
            for (int k = 0; k < g; k++) {
                int i = p * g + k;
                TokenArrays tokens = tokens(episodes.get(i), old[i][0], ref == null ? null : ref[i][0], adv.get(p)[k]);
                float[] w = mask.weights(tokens);
                batch.add(new TrainingSample(tokens.withUpdate(w, tokens.contributions(), tokens.clipped()), w, adv.get(p)[k]));
                batchIndex.add(i);
            }
        }

        // 5. the update
        double lr = schedule.at(step);
        UpdateResult u = batch.isEmpty() ? new UpdateResult(List.of(), 0, 0, 0, 0, 0)
                : update.update(batch, lr, new Random(config.seed() * 31L + step));
        long t3 = System.nanoTime();

        // 6. trajectories exactly as the update used them (dropped groups: weights 0, nothing trained)
        List<Trajectory> trajectories = new ArrayList<>();
        Map<Integer, TokenArrays> recorded = new LinkedHashMap<>();
        for (int j = 0; j < batchIndex.size(); j++) {
            recorded.put(batchIndex.get(j), u.records().get(j));
        }
        for (int i = 0; i < episodes.size(); i++) {
            int p = i / g;
            TokenArrays tokens = recorded.get(i);
            if (tokens == null) {
                TokenArrays raw = tokens(episodes.get(i), old[i][0], ref == null ? null : ref[i][0], adv.get(p)[i % g]);
                int n = raw.length();
                tokens = raw.withUpdate(new float[n], new float[n], new boolean[n]);
            }
            Trajectory e = episodes.get(i);
            Map<String, Double> components = new LinkedHashMap<>(e.rewardComponents());
            if (klInReward) {
                components.put("kl_penalty", groupRewards.get(p)[i % g] - e.reward());
            }
            trajectories.add(new Trajectory(0, runName, step, e.promptId(), "step" + step + "-p" + p,
                    i % g, task.name(), e.groundTruth(), e.finalAnswer(), groupRewards.get(p)[i % g], components,
                    e.correct(), e.finishReason(), e.numToolCalls(), false, e.policySegments(),
                    tokens, e.toolError(), e.verifierError()));
            stats.tokens(tokens, kl);
        }

        long generated = episodes.stream().mapToLong(e -> e.tokens().modelTokenCount()).sum();
        Map<String, Double> m = stats.metrics();
        m.put("loss", u.loss());
        m.put("grad_norm", u.gradNorm());
        m.put("clip_fraction", u.clipFraction());
        m.put("lr", lr);
        m.put("optimizer_steps", (double) u.optimizerSteps());
        m.put("skipped_update", u.optimizerSteps() == 0 ? 1.0 : 0.0);
        m.put("zero_advantage_group_share", groups == 0 ? 0 : (double) zeroGroups / groups);
        if (budget > 0) {
            m.put("partial_groups_trained", (double) groups);
            m.put("partial_groups_resumed", (double) resumedGroups);
            m.put("partial_groups_pending", (double) carried.size());
            m.put("partial_multi_version_share", episodes.isEmpty() ? 0
                    : (double) episodes.stream().filter(e -> e.policySegments().size() > 1).count() / episodes.size());
        }
        m.put("dropped_groups", (double) dropped);
        m.put("time_rollout_s", (t1 - t0) / 1e9);
        m.put("time_scoring_s", (t2 - t1) / 1e9);
        m.put("time_update_s", (t3 - t2) / 1e9);
        m.put("step_time_s", (System.nanoTime() - t0) / 1e9);
        m.put("rollout_tokens_per_s", generated / Math.max(1e-9, (t1 - t0) / 1e9));
        m.put("train_tokens_per_s", u.trainedTokens() / Math.max(1e-9, (t3 - t2) / 1e9));
        return new Result(m, trajectories);
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
        for (int t = 0; t < e.length(); t++) {
            boolean response = e.roles()[t] != Role.PROMPT && t > 0;
            float lp = response ? oldLogp[t] : Float.NaN;
            float rl = response && refLogp != null ? refLogp[t] : Float.NaN;
            float a = response ? (float) advantage : Float.NaN;
            b.add(e.tokenIds()[t], e.tokenText()[t], e.roles()[t], e.turns()[t], 0f, lp, rl,
                    e.entropies()[t], a, 0f, false);
        }
        return b.build();
    }
}
