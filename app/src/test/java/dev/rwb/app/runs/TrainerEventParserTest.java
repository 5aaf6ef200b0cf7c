package dev.rwb.app.runs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerEventParserTest {
    @Test
    void readsStepEventsAndIgnoresUnknownFields() {
        TrainerEvent e = TrainerEventParser.parse("{\"event\":\"step\",\"run_id\":4,\"step\":7,\"steps\":50,"
                + "\"eta_s\":12.5,\"metrics\":{\"reward_mean\":0.25,\"note\":\"x\"},\"new\":{\"a\":1}}").orElseThrow();
        assertEquals(TrainerEvent.Type.STEP, e.type());
        assertEquals(4, e.runId());
        assertEquals(7, e.step());
        assertEquals(50, e.steps());
        assertEquals(12.5, e.etaSeconds());
        assertEquals(0.25, e.metrics().get("reward_mean"));
        assertEquals(1, e.metrics().size(), "non-numeric metrics are dropped");
    }

    @Test
    void acceptsBothLifecycleSpellings() {
        assertEquals(TrainerEvent.Type.START, TrainerEventParser.parse("{\"event\":\"started\",\"run_id\":1}").orElseThrow().type());
        TrainerEvent run = TrainerEventParser.parse("{\"event\":\"run\",\"run_id\":7,\"run\":\"x\"}").orElseThrow();
        assertEquals(TrainerEvent.Type.RUN, run.type());
        assertEquals(7, run.runId());
        assertEquals(3, TrainerEventParser.parse("{\"event\":\"started\",\"first_step\":3,\"steps\":9}").orElseThrow().step());
        TrainerEvent failed = TrainerEventParser.parse("{\"event\":\"failed\",\"error\":\"boom\"}").orElseThrow();
        assertEquals(TrainerEvent.Type.END, failed.type());
        assertEquals("failed", failed.outcome());
        assertEquals("boom", failed.message());
        assertEquals("stopped", TrainerEventParser.parse("{\"event\":\"end\",\"outcome\":\"stopped\"}").orElseThrow().outcome());
        assertEquals(TrainerEvent.Type.OTHER, TrainerEventParser.parse("{\"event\":\"checkpoint\"}").orElseThrow().type());
    }

    @Test
    void readsTheRunLineAndWarmStartProgressAsTheTrainerWritesThem() {
        TrainerEvent run = TrainerEventParser.parse(
                "{\"event\":\"run\",\"run_id\":12,\"run\":\"kb-search-grpo-masked\",\"resumed\":false}").orElseThrow();
        assertEquals(TrainerEvent.Type.RUN, run.type());
        assertEquals(12, run.runId());
        assertEquals("kb-search-grpo-masked", run.run());
        assertNull(run.warmStart(), "only warm-start lines carry a phase");

        TrainerEvent w = TrainerEventParser.parse("{\"event\":\"warm_start\",\"run_id\":12,\"phase\":1,\"phases\":2,"
                + "\"step\":300,\"steps\":2000,\"loss\":1.234,\"eta_s\":360}").orElseThrow();
        assertEquals(TrainerEvent.Type.WARM_START, w.type());
        assertEquals(12, w.runId());
        assertEquals(300, w.step());
        assertEquals(2000, w.steps());
        assertEquals(360.0, w.etaSeconds());
        assertEquals(new TrainerEvent.WarmStart(1, 2, 1.234), w.warmStart());
        assertEquals("warm start phase 1/2 · 300/2000 · ETA 6 min",
                ProgressText.warmStart(w.warmStart().phase(), w.warmStart().phases(), w.step(), w.steps(), w.etaSeconds()));

        TrainerEvent single = TrainerEventParser.parse("{\"event\":\"warm_start\",\"run_id\":3,\"step\":10,\"steps\":50}")
                .orElseThrow();
        assertEquals(new TrainerEvent.WarmStart(1, 1, Double.NaN), single.warmStart(), "no phases: one phase, no loss");
        assertEquals("warm start 10/50", ProgressText.warmStart(1, 1, 10, 50, Double.NaN));
    }

    @Test
    void progressTextNamesThePhaseAndReadsTheEta() {
        assertEquals("RL step 3/25 · ETA 45 s", ProgressText.of(3, 25, 44.6));
        assertEquals("RL step 3/25 · ETA 1 min 05 s", ProgressText.of(3, 25, 65));
        assertEquals("RL step 3/25 · ETA 6 min", ProgressText.of(3, 25, 360));
        assertEquals("RL step 3", ProgressText.of(3, -1, Double.NaN));
    }

    @Test
    void plainTextAndBrokenJsonYieldNothing() {
        assertTrue(TrainerEventParser.parse("loading model…").isEmpty());
        assertTrue(TrainerEventParser.parse("{\"event\": ").isEmpty());
    }
}
