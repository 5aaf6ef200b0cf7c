package dev.rwb.app.runs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void plainTextAndBrokenJsonYieldNothing() {
        assertTrue(TrainerEventParser.parse("loading model…").isEmpty());
        assertTrue(TrainerEventParser.parse("{\"event\": ").isEmpty());
    }
}
