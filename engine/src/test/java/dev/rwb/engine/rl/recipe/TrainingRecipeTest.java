package dev.rwb.engine.rl.recipe;

import dev.rwb.engine.config.AlgorithmName;
import dev.rwb.engine.config.ConfigChoice;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.algo.DrGrpoAdvantage;
import dev.rwb.engine.rl.algo.GrpoAdvantage;
import dev.rwb.engine.rl.algo.MeanBaselineAdvantage;
import dev.rwb.engine.rl.algo.PpoAdvantage;
import dev.rwb.engine.rl.algo.RlooAdvantage;
import dev.rwb.engine.trajectory.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRecipeTest {
    private static TrainingRecipe recipe(String json) throws Exception {
        return TrainingRecipe.of(RunConfigReader.parse(json, "test"));
    }

    @Test
    void everyAlgorithmHasItsEstimator() throws Exception {
        List<Class<?>> expected = List.of(GrpoAdvantage.class, DrGrpoAdvantage.class, RlooAdvantage.class,
                MeanBaselineAdvantage.class, PpoAdvantage.class);
        List<String> keys = ConfigChoice.keys(AlgorithmName.class);
        for (int i = 0; i < keys.size(); i++) {
            TrainingRecipe r = recipe("{\"algorithm\":{\"name\":\"" + keys.get(i) + "\"}}");
            assertInstanceOf(expected.get(i), r.advantages(), keys.get(i));
        }
    }

    @Test
    void drGrpoAlwaysUsesTheConstantNormaliser() throws Exception {
        TrainingRecipe r = recipe("{\"algorithm\":{\"name\":\"dr_grpo\"},\"loss_aggregation\":\"token_mean\","
                + "\"rollout\":{\"max_total_tokens\":300}}");
        assertEquals(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, r.aggregation());
        assertEquals(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, r.contributions().aggregation());
        // N = B · L_max = 2 · 300
        assertEquals(600.0, r.contributions().normalisers(List.of(new float[] {1, 1}, new float[] {1}))[0]);
        assertEquals(LossAggregation.TOKEN_MEAN, recipe("{}").aggregation());
    }

    @Test
    void reinforceOpensTheClipAndUsesTau() throws Exception {
        TrainingRecipe r = recipe("{\"algorithm\":{\"name\":\"reinforce\",\"tau\":0.3},\"clip\":{\"dual_clip\":3}}");
        assertFalse(r.ratioClipped());
        assertEquals(TrainingRecipe.NO_CLIP, r.clipLow());
        assertEquals(0.0, r.dualClip());
        assertEquals(0.3, r.tau());
        TrainingRecipe grpo = recipe("{\"algorithm\":{\"tau\":0.3},\"clip\":{\"eps_low\":0.1,\"dual_clip\":3}}");
        assertEquals(0.1, grpo.clipLow());
        assertEquals(3.0, grpo.dualClip());
        assertEquals(0.0, grpo.tau(), "τ belongs to REINFORCE only");
    }

    @Test
    void klPlacementDecidesLossOrReward() throws Exception {
        assertFalse(recipe("{}").needsReference());
        TrainingRecipe monitor = recipe("{\"kl\":{\"estimator\":\"k1\",\"beta\":0}}");
        assertTrue(monitor.needsReference(), "β = 0 still records the KL");
        assertFalse(monitor.klInReward());
        TrainingRecipe loss = recipe("{\"kl\":{\"estimator\":\"k3\",\"placement\":\"loss\",\"beta\":0.01}}");
        assertTrue(loss.klInLoss());
        assertEquals(KlEstimator.K3, loss.klEstimator().orElseThrow());
        TrainingRecipe reward = recipe("{\"kl\":{\"estimator\":\"k1\",\"placement\":\"reward\",\"beta\":0.01}}");
        assertFalse(reward.klInLoss());
        assertTrue(reward.klInReward());
    }

    @Test
    void maskPolicyIsThePresetRefinedByWeightsAndFilter() throws Exception {
        assertEquals(MaskPolicy.SEARCH_R1, recipe("{}").maskPolicy());
        assertEquals(MaskPolicy.NO_MASKING, recipe("{\"mask\":{\"preset\":\"no_masking\"}}").maskPolicy());
        MaskPolicy refined = recipe("{\"mask\":{\"preset\":\"search_r1\",\"weights\":{\"TOOL_RESPONSE\":0.25},"
                + "\"entropy_top_fraction\":0.2}}").maskPolicy();
        assertEquals(0.25f, refined.weight(Role.TOOL_RESPONSE));
        assertEquals(1f, refined.weight(Role.ANSWER));
        assertEquals(0.2, refined.entropyTopFraction());
        MaskPolicy custom = recipe("{\"mask\":{\"preset\":\"custom\",\"weights\":{\"ANSWER\":1}}}").maskPolicy();
        assertEquals(0f, custom.weight(Role.REASONING));
        assertEquals(MaskPreset.CUSTOM, TrainingRecipe.presetOf(custom));
        assertEquals(MaskPreset.ANSWER_ONLY, TrainingRecipe.presetOf(MaskPolicy.ANSWER_ONLY));
    }

    @Test
    void scheduleAndAdamComeFromTheConfig() throws Exception {
        TrainingRecipe r = recipe("{\"steps\":100,\"optimizer\":{\"learning_rate\":0.001,\"schedule\":\"cosine\","
                + "\"warmup_steps\":10,\"adam_beta2\":0.98},\"warm_start\":{\"steps\":200,\"learning_rate\":0.002}}");
        assertEquals(0.0001, r.learningRateSchedule().at(1), 1e-12, "warm-up: η·s/W");
        assertEquals(0.001, r.learningRateSchedule().at(10), 1e-12);
        assertEquals(0.0001, r.learningRateSchedule().at(100), 1e-12, "cosine ends at 10% at the last step");
        assertEquals(0.98f, r.optimizer().beta2());
        assertEquals(0.9f, r.optimizer().beta1());
        assertEquals(0.95f, r.warmStartOptimizer().beta2(), "the warm start keeps its own β₂");
        assertEquals(0.0002, r.warmStartOptimizer().learningRateAt(200), 1e-9);
        assertEquals(0.001, recipe("{\"optimizer\":{\"learning_rate\":0.001}}").learningRateSchedule().at(77), 1e-12);
    }
}
