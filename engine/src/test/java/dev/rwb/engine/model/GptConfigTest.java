package dev.rwb.engine.model;

import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptConfigTest {

    @Test
    void presetsHaveTheAdvertisedSizes() {
        assertTrue(Math.abs(GptConfig.tiny(128, 128).parameterCount() - 500_000) < 60_000);
        assertTrue(Math.abs(GptConfig.small(128, 256).parameterCount() - 5_000_000) < 500_000);
        assertTrue(Math.abs(GptConfig.medium(128, 256).parameterCount() - 25_000_000) < 2_500_000);
    }

    @Test
    void parameterCountMatchesTheBuiltModel() {
        for (GptConfig config : new GptConfig[] {
                TestModels.tinyConfig().build(),
                TestModels.tinyConfig().positions(PositionEncoding.ROPE).tiedHead(false).mlpRatio(2).build()}) {
            try (GptPolicy policy = TestModels.policy(config)) {
                long actual = 0;
                for (Parameter p : policy.model().getParameters().values()) {
                    actual += p.getArray().size();
                }
                assertEquals(config.parameterCount(), actual, config.toString());
            }
        }
    }

    @Test
    void invalidShapesAreRejectedWithTheFieldName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GptConfig.builder().dModel(30).heads(4).build());
        assertTrue(e.getMessage().contains("heads"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GptConfig.builder().dModel(12).heads(4).positions(PositionEncoding.ROPE).build());
        assertThrows(IllegalArgumentException.class, () -> GptConfig.builder().layers(0).build());
    }

    @Test
    void learningRateScheduleWarmsUpThenFollowsTheCosine() {
        // steps count from 1: warm-up 1e-3·s/10 for s ≤ 10, then cosine reaching 1e-4 at s = 110
        OptimizerSettings s = OptimizerSettings.adamW(1e-3f, 10, 110);
        assertEquals(1e-4f, s.learningRateAt(1), 1e-9f);
        assertEquals(1e-3f, s.learningRateAt(10), 1e-9f);
        assertEquals((1e-3f + 1e-4f) / 2, s.learningRateAt(60), 1e-8f);
        assertEquals(1e-4f, s.learningRateAt(110), 1e-9f);
        assertEquals(1e-4f, s.learningRateAt(5000), 1e-9f);
        assertThrows(IllegalArgumentException.class, () -> s.learningRateAt(0), "there is no step 0");
    }
}
