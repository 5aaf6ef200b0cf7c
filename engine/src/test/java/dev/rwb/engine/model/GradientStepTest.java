package dev.rwb.engine.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientStepTest {

    @Test
    void globalNormIsTheL2NormOverAllGradientsTogether() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            // ‖(3, 4)‖ and ‖(12)‖ together: √(9 + 16 + 144) = 13
            float norm = GradientStep.globalNorm(List.of(m.create(new float[] {3, 4}), m.create(new float[][] {{12}})));
            assertEquals(13f, norm, 1e-6f);
        }
    }

    @Test
    void clippingScalesTheWholeUpdateToTheMaximumNorm() {
        try (GptPolicy policy = TestModels.policy(TestModels.tinyConfig().build())) {
            OptimizerSettings tight = OptimizerSettings.builder().optLearningRateSchedule(LearningRateSchedule.constant(1e-3))
                    .optMaxGradNorm(1e-3f).build();
            Map<String, Double> m = new SupervisedTrainer(policy, tight, TrainingListener.NONE)
                    .step(List.of(new int[] {1, 5, 6, 7, 8}), List.of(new float[] {0, 1, 1, 1, 1}));
            assertTrue(m.get("grad_norm") > 1e-3, "gradient norm " + m.get("grad_norm"));
            assertEquals(1e-3 / (m.get("grad_norm") + 1e-6), m.get("clip_scale"), 1e-6);
        }
    }
}
