package dev.rwb.engine.rl.recipe;

import dev.rwb.engine.config.AlgorithmName;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.KlEstimatorName;
import dev.rwb.engine.config.KlPlacement;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.config.ScheduleShape;
import dev.rwb.engine.model.LearningRateSchedule;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.rl.algo.AdvantageEstimator;
import dev.rwb.engine.rl.algo.DrGrpoAdvantage;
import dev.rwb.engine.rl.algo.GrpoAdvantage;
import dev.rwb.engine.rl.algo.MeanBaselineAdvantage;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;
import dev.rwb.engine.rl.algo.PpoAdvantage;
import dev.rwb.engine.rl.algo.RlooAdvantage;
import dev.rwb.engine.trajectory.Role;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RunConfig} means for training: the one owner of that meaning. Built from a run's
 * config, it hands out the mask policy, the contribution calculator, the loss, the advantage
 * estimator, the learning-rate schedule and the optimizer settings; the trainer, the step runner,
 * the app's what-if tab and mask editor, the verl export and the sample installer all read these
 * from here, so no algorithm or preset name is interpreted anywhere else.
 *
 * <p>Algorithm-specific rules live here and nowhere else:
 * <ul>
 *   <li>Dr. GRPO's loss is defined with the constant normaliser, so its aggregation is always
 *       seq-mean-token-sum-norm whatever {@code loss_aggregation} says;</li>
 *   <li>REINFORCE (Kimi k1.5) has no ratio clip (both sides opened wide, no dual clip) and is the
 *       only algorithm whose squared log-ratio term τ is used;</li>
 *   <li>KL: an estimator other than none loads the frozen reference (β = 0 still records the KL as
 *       a drift monitor); the KL acts in the loss or in the reward only when β &gt; 0.</li>
 * </ul>
 * The app-facing parts (mask policy, calculator, settings) expose no tensor types.
 */
public final class TrainingRecipe {
    /** ε of a side of the ratio clip that is switched off (REINFORCE): ρ never leaves [1 − ε, 1 + ε]. */
    static final double NO_CLIP = 1e9;
    /** The warm start's cosine ends at this fraction of its peak rate; so does the RL cosine. */
    static final double COSINE_FLOOR = 0.1;

    private final RunConfig config;
    private final MaskPolicy mask;

    private TrainingRecipe(RunConfig config) {
        this.config = Objects.requireNonNull(config);
        this.mask = maskPolicy(config.mask());
    }

    /** The recipe of a validated run config. */
    public static TrainingRecipe of(RunConfig config) {
        return new TrainingRecipe(config);
    }

    /**
     * The recipe of a run's stored config JSON ({@code RunInfo.configJson}).
     *
     * @throws ConfigException when the JSON is not a valid run config (e.g. an imported run's metadata)
     */
    public static TrainingRecipe fromConfigJson(String json, String source) throws ConfigException {
        return of(RunConfigReader.parse(json == null || json.isBlank() ? "{}" : json, source));
    }

    /** The config this recipe reads. */
    public RunConfig config() {
        return config;
    }

    public AlgorithmName algorithm() {
        return config.algorithm().name();
    }

    /** The loss-mask policy: the preset, refined by explicit per-role weights and the entropy filter. */
    public MaskPolicy maskPolicy() {
        return mask;
    }

    /**
     * The mask policy of a {@code mask} section: a preset (or custom), with explicit per-role weights
     * overriding the preset's, and an entropy top fraction of 0 meaning no filter.
     *
     * @throws IllegalArgumentException naming the offending role or value
     */
    public static MaskPolicy maskPolicy(RunConfig.Mask section) {
        MaskPreset preset = section.preset() == null ? MaskPreset.SEARCH_R1 : section.preset();
        MaskPolicy.Builder b = switch (preset) {
            case SEARCH_R1 -> MaskPolicy.SEARCH_R1.toBuilder();
            case NO_MASKING -> MaskPolicy.NO_MASKING.toBuilder();
            case ANSWER_ONLY -> MaskPolicy.ANSWER_ONLY.toBuilder();
            case CUSTOM -> MaskPolicy.builder("custom").label("Custom");
        };
        if (section.weights() != null) {
            section.weights().forEach((role, w) -> b.weight(Role.parse(role),
                    Objects.requireNonNull(w, "weight of " + role).floatValue()));
        }
        if (section.entropyTopFraction() > 0) {
            b.entropyTopFraction(section.entropyTopFraction());
        }
        return b.build();
    }

    /** The preset a mask policy of this project was built from ({@link MaskPreset#CUSTOM} for any other). */
    public static MaskPreset presetOf(MaskPolicy policy) {
        if (policy.equals(MaskPolicy.SEARCH_R1)) {
            return MaskPreset.SEARCH_R1;
        }
        if (policy.equals(MaskPolicy.NO_MASKING)) {
            return MaskPreset.NO_MASKING;
        }
        return policy.equals(MaskPolicy.ANSWER_ONLY) ? MaskPreset.ANSWER_ONLY : MaskPreset.CUSTOM;
    }

    /** The loss aggregation in effect: the config's, except Dr. GRPO, whose loss has the constant normaliser. */
    public LossAggregation aggregation() {
        return algorithm() == AlgorithmName.DR_GRPO ? LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM : config.lossAggregation();
    }

    /** Whether the PPO ratio clip is active (every algorithm but REINFORCE). */
    public boolean ratioClipped() {
        return algorithm() != AlgorithmName.REINFORCE;
    }

    /** ε_low of the ratio clip in effect. */
    public double clipLow() {
        return ratioClipped() ? config.clip().epsLow() : NO_CLIP;
    }

    /** ε_high of the ratio clip in effect. */
    public double clipHigh() {
        return ratioClipped() ? config.clip().epsHigh() : NO_CLIP;
    }

    /** The dual-clip constant in effect (0 = off). */
    public double dualClip() {
        return ratioClipped() ? config.clip().dualClip() : 0;
    }

    /** Kimi k1.5's τ in effect (REINFORCE only, else 0). */
    public double tau() {
        return algorithm() == AlgorithmName.REINFORCE ? config.algorithm().tau() : 0;
    }

    /** The KL estimator, when the run names one (then a frozen reference policy is loaded). */
    public Optional<KlEstimator> klEstimator() {
        return switch (config.kl().estimator()) {
            case NONE -> Optional.empty();
            case K1 -> Optional.of(KlEstimator.K1);
            case K3 -> Optional.of(KlEstimator.K3);
        };
    }

    /** Whether a frozen reference policy is needed (an estimator is named, even with β = 0). */
    public boolean needsReference() {
        return config.kl().estimator() != KlEstimatorName.NONE;
    }

    /** The KL coefficient β. */
    public double klBeta() {
        return config.kl().beta();
    }

    /** Whether β·k(t) is a term of the loss (an estimator named and placement loss). */
    public boolean klInLoss() {
        return needsReference() && config.kl().placement() == KlPlacement.LOSS;
    }

    /** Whether r ← r − β Σ_t k(t) is applied before the advantages (estimator named, placement reward, β &gt; 0). */
    public boolean klInReward() {
        return needsReference() && config.kl().placement() == KlPlacement.REWARD && klBeta() > 0;
    }

    /**
     * Whether the advantages of every group sum to 0 by definition: GRPO, Dr. GRPO, RLOO and the
     * mean baseline of REINFORCE centre each group; PPO normalises over the whole batch.
     */
    public boolean advantagesCentredPerGroup() {
        return algorithm() != AlgorithmName.PPO;
    }

    /** The advantage estimator of the algorithm (DESIGN §5). */
    public AdvantageEstimator advantages() {
        return switch (algorithm()) {
            case GRPO -> new GrpoAdvantage();
            case DR_GRPO -> new DrGrpoAdvantage();
            case RLOO -> new RlooAdvantage();
            case REINFORCE -> new MeanBaselineAdvantage();
            case PPO -> new PpoAdvantage();
        };
    }

    /**
     * Each token's reward contribution under this run's loss: its aggregation, clip, dual clip, KL
     * (in the loss or not) and τ; L_max of Dr. GRPO is {@code rollout.max_total_tokens}.
     */
    public ContributionCalculator contributions() {
        return ContributionCalculator.builder().aggregation(aggregation()).clip(clipLow(), clipHigh())
                .dualClip(dualClip())
                .kl(klEstimator().orElse(KlEstimator.K3), klBeta(), klInLoss())
                .squaredLogRatio(tau())
                .maxLength(config.rollout().maxTotalTokens()).build();
    }

    /** The policy-gradient loss of the update, with the same terms as {@link #contributions()} plus the entropy bonus. */
    public PolicyGradientLoss loss() {
        return new PolicyGradientLoss(clipLow(), clipHigh(), dualClip(), klInLoss() ? klEstimator().orElseThrow() : null,
                klBeta(), config.entropyCoef(), tau());
    }

    /**
     * The RL learning rate per step (steps 1 … {@code steps}): linear warm-up, then constant or a
     * cosine to 10% of the peak at the last step.
     */
    public LearningRateSchedule learningRateSchedule() {
        RunConfig.Optimizer o = config.optimizer();
        return o.schedule() == ScheduleShape.COSINE
                ? LearningRateSchedule.warmupCosine(o.learningRate(), o.warmupSteps(), config.steps(),
                        COSINE_FLOOR * o.learningRate())
                : LearningRateSchedule.warmupConstant(o.learningRate(), o.warmupSteps());
    }

    /** Adam(W) of the RL updates: the config's betas, ε, weight decay, gradient clip and {@link #learningRateSchedule()}. */
    public OptimizerSettings optimizer() {
        RunConfig.Optimizer o = config.optimizer();
        return OptimizerSettings.builder().optLearningRateSchedule(learningRateSchedule())
                .optBeta1((float) o.adamBeta1()).optBeta2((float) o.adamBeta2()).optEpsilon((float) o.adamEpsilon())
                .optWeightDecay((float) o.weightDecay()).optMaxGradNorm((float) o.maxGradNorm()).build();
    }

    /**
     * Adam of the supervised warm start (its single-object form, or its first phase):
     * {@link #warmStartOptimizer(RunConfig.Phase)}.
     */
    public OptimizerSettings warmStartOptimizer() {
        RunConfig.WarmStart w = config.warmStart();
        List<RunConfig.Phase> plan = w.plan();
        return warmStartOptimizer(plan.isEmpty() ? new RunConfig.Phase(w.steps(), w.demonstrations(), w.noise(),
                w.mistakes(), w.batchSize(), w.learningRate(), w.adamBeta1(), w.adamBeta2(), w.adamEpsilon()) : plan.get(0));
    }

    /**
     * Adam of one warm-start phase: its own rate and betas, warm-up over min(10, steps/10) steps,
     * cosine to a tenth of the rate at the phase's last step, no weight decay, the RL gradient clip.
     */
    public OptimizerSettings warmStartOptimizer(RunConfig.Phase phase) {
        int steps = Math.max(1, phase.steps());
        return OptimizerSettings.builder()
                .optLearningRateSchedule(LearningRateSchedule.warmupCosine(phase.learningRate(), Math.min(10, steps / 10),
                        steps, COSINE_FLOOR * phase.learningRate()))
                .optBeta1((float) phase.adamBeta1()).optBeta2((float) phase.adamBeta2())
                .optEpsilon((float) phase.adamEpsilon())
                .optMaxGradNorm((float) config.optimizer().maxGradNorm()).build();
    }
}
