package dev.rwb.engine.rl.train;

import ai.djl.Device;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptConfig;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.LearningRateSchedule;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.rl.algo.GrpoAdvantage;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast proof that the update pushes the right way: a one-token bandit (prompt = BOS, reward 1
 * when the sampled token is X) trained with GRPO advantages through the trainer's own
 * {@link PolicyUpdate} (clipped loss, contributions, global clip, AdamW). A few steps must raise
 * P(X) clearly; the same steps with negated advantages must lower it.
 */
class BanditDirectionTest {
    static final int GROUP = 32;
    static final int STEPS = 8;
    static final float LR = 1e-2f;

    static {
        ComputeDevice.configureThreads(1);
    }

    @Test
    void grpoRaisesTheRewardedTokenAndNegatedAdvantagesLowerIt() {
        double[] learned = train(false);
        double[] sabotaged = train(true);
        assertTrue(learned[1] > learned[0] + 0.4,
                "GRPO must raise P(X): before " + learned[0] + ", after " + learned[1]);
        assertTrue(sabotaged[1] < 0.5 * sabotaged[0],
                "negated advantages must lower P(X): before " + sabotaged[0] + ", after " + sabotaged[1]);
    }

    /** Returns {P(X) before, P(X) after} for a fresh tiny policy. */
    private static double[] train(boolean negate) {
        // eight tokens: P(X) starts near 1/8, so a group of 32 sees X a few times per step
        TaskTokenizer tokenizer = TaskTokenizer.fromVocabulary(List.of("<pad>", "<bos>", "<eos>", "a", "b", "c", "d", "e"));
        GptConfig shape = GptConfig.builder().vocabSize(tokenizer.vocabSize()).contextLength(8)
                .dModel(32).heads(4).layers(2).seed(11).build();
        try (GptPolicy policy = GptPolicy.create(shape, tokenizer, Device.cpu())) {
            int x = tokenizer.encode("e")[0];
            int bos = tokenizer.bosId();
            double before = distribution(policy, bos)[x];
            ContributionCalculator contributions = ContributionCalculator.builder()
                    .aggregation(LossAggregation.TOKEN_MEAN).clip(0.2, 0.28).kl(KlEstimator.K3, 0, false)
                    .maxLength(2).build();
            PolicyUpdate update = new PolicyUpdate(
                    new GradientStep(policy, OptimizerSettings.builder()
                            .optLearningRateSchedule(LearningRateSchedule.constant(LR)).optMaxGradNorm(1f).build()),
                    new PolicyGradientLoss(0.2, 0.28, 0, null, 0, 0, 0), contributions, 1, 1, false);
            Random rng = new Random(5);
            for (int step = 0; step < STEPS; step++) {
                double[] p = distribution(policy, bos);
                int[] picks = new int[GROUP];
                double[] rewards = new double[GROUP];
                for (int k = 0; k < GROUP; k++) {
                    picks[k] = sample(p, rng);
                    rewards[k] = picks[k] == x ? 1 : 0;
                }
                double[] adv = new GrpoAdvantage().advantages(List.of(rewards)).get(0);
                List<TrainingSample> batch = new ArrayList<>();
                for (int k = 0; k < GROUP; k++) {
                    double a = negate ? -adv[k] : adv[k];
                    TokenArrays tokens = TokenArrays.builder()
                            .add(bos, "<bos>", Role.PROMPT, 0)
                            .add(picks[k], tokenizer.decodeToken(picks[k]), Role.ANSWER, 0, 1f,
                                    (float) Math.log(p[picks[k]]), Float.NaN, Float.NaN, (float) a, 0f, false)
                            .build();
                    batch.add(new TrainingSample(tokens, new float[] {0f, 1f}, a));
                }
                update.update(batch, LR, rng);
            }
            return new double[] {before, distribution(policy, bos)[x]};
        }
    }

    /** π(v | BOS) for every token v, from teacher-forced scoring of the pairs (BOS, v). */
    private static double[] distribution(GptPolicy policy, int bos) {
        int vocab = policy.tokenizer().vocabSize();
        List<int[]> pairs = new ArrayList<>();
        for (int v = 0; v < vocab; v++) {
            pairs.add(new int[] {bos, v});
        }
        float[][][] scores = policy.scoring().score(policy.manager(), pairs);
        double[] p = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            p[v] = Math.exp(scores[v][0][1]);
        }
        return p;
    }

    private static int sample(double[] p, Random rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int v = 0; v < p.length; v++) {
            cumulative += p[v];
            if (u < cumulative) {
                return v;
            }
        }
        return p.length - 1;
    }
}
