package dev.rwb.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multi-phase warm start in one config ({@code "warm_start": {"phases": [...]}}, the {@code rwb sft
 * --from} chain of docs/EXPERIMENTS.md): phases inherit the enclosing object's fields, the single-object
 * form keeps working, and the reader stays strict (the bad field is named with its phase).
 */
class WarmStartPhasesConfigTest {
    private static ConfigException error(String json) {
        return assertThrows(ConfigException.class, () -> RunConfigReader.parse(json, "ws.json"));
    }

    @Test
    void phasesTakeWhatTheyLeaveOutFromTheEnclosingObject() throws Exception {
        RunConfig c = RunConfigReader.parse("""
                {"warm_start": {"demonstrations": 2048, "noise": 0.6, "mistakes": "guess", "batch_size": 16,
                                "learning_rate": 0.002,
                                "phases": [{"steps": 2000}, {"steps": 1500}, {"steps": 300, "noise": 0.5, "mistakes": "mixed"}]}}
                """, "ws.json");
        List<RunConfig.Phase> plan = c.warmStart().plan();
        assertEquals(3, plan.size());
        assertEquals(new RunConfig.Phase(2000, 2048, 0.6, "guess", 16, 0.002, 0.9, 0.95, 1e-8), plan.get(0));
        assertEquals(new RunConfig.Phase(1500, 2048, 0.6, "guess", 16, 0.002, 0.9, 0.95, 1e-8), plan.get(1));
        assertEquals(new RunConfig.Phase(300, 2048, 0.5, "mixed", 16, 0.002, 0.9, 0.95, 1e-8), plan.get(2));
        assertEquals(3800, c.warmStart().totalSteps());
        assertEquals(c, RunConfigReader.parse(RunConfigReader.toJson(c), "stored"), "a stored config reads back equal");
    }

    @Test
    void theSingleObjectFormIsOnePhaseAndStepsZeroIsNone() throws Exception {
        RunConfig one = RunConfigReader.parse("{\"warm_start\": {\"steps\": 300, \"noise\": 0.4}}", "ws.json");
        assertEquals(List.of(new RunConfig.Phase(300, 512, 0.4, "mixed", 32, 0.001, 0.9, 0.95, 1e-8)),
                one.warmStart().plan());
        assertEquals(List.of(), RunConfigReader.parse("{}", "ws.json").warmStart().plan());
    }

    @Test
    void badPhasesAreRefusedByTheirField() {
        ConfigException unknown = error("{\"warm_start\": {\"phases\": [{\"steps\": 10}, {\"steps\": 5, \"nosie\": 0.2}]}}");
        assertEquals("warm_start.phases[1].nosie", unknown.field());
        assertTrue(unknown.getMessage().contains("unknown field"), unknown.getMessage());
        assertEquals("warm_start.phases[0].steps", error("{\"warm_start\": {\"phases\": [{\"noise\": 0.2}]}}").field(),
                "each phase gives its steps");
        assertEquals("warm_start.phases[1].noise",
                error("{\"warm_start\": {\"phases\": [{\"steps\": 1}, {\"steps\": 1, \"noise\": 2}]}}").field());
        assertEquals("warm_start.phases[0].mistakes",
                error("{\"warm_start\": {\"phases\": [{\"steps\": 1, \"mistakes\": \"typos\"}]}}").field());
        ConfigException both = error("{\"warm_start\": {\"steps\": 2000, \"phases\": [{\"steps\": 10}]}}");
        assertEquals("warm_start.steps", both.field());
        assertTrue(both.getMessage().contains("each phase"), both.getMessage());
        assertEquals("warm_start.phases", error("{\"warm_start\": {\"phases\": {\"steps\": 10}}}").field());
        assertEquals("warm_start.phases[0]", error("{\"warm_start\": {\"phases\": [10]}}").field());
        assertEquals("warm_start.phases[0].save_to",
                error("{\"warm_start\": {\"phases\": [{\"steps\": 1, \"save_to\": \"x\"}]}}").field(),
                "save_to belongs to the whole warm start");
        assertEquals("warm_start.checkpoint_every", error("{\"warm_start\": {\"checkpoint_every\": 0}}").field());
    }
}
