package dev.rwb.engine.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunConfigReaderTest {

    @Test
    void userValuesOverrideDefaultsAndRoundTrip() throws Exception {
        RunConfig c = RunConfigReader.parse("{\"name\":\"x\",\"algorithm\":{\"name\":\"rloo\",\"group_size\":4},"
                + "\"mask\":{\"preset\":\"custom\",\"weights\":{\"TOOL_RESPONSE\":0.25,\"ANSWER\":1}}}", "x.json");
        assertEquals("rloo", c.algorithm().name());
        assertEquals(4, c.algorithm().groupSize());
        assertEquals(16, c.algorithm().promptsPerStep(), "unset fields keep their defaults");
        assertEquals(0.25, c.mask().weights().get("TOOL_RESPONSE"));
        assertEquals(c, RunConfigReader.parse(RunConfigReader.toJson(c), "again"));
    }

    private static ConfigException error(String json) {
        return assertThrows(ConfigException.class, () -> RunConfigReader.parse(json, "bad.json"));
    }

    @Test
    void errorsNameTheField() {
        ConfigException unknown = error("{\"algorithm\":{\"gruop_size\":4}}");
        assertEquals("algorithm.gruop_size", unknown.field());
        assertTrue(unknown.getMessage().contains("group_size"), "lists the known fields: " + unknown.getMessage());
        assertEquals("optimizer.learning_rate", error("{\"optimizer\":{\"learning_rate\":-1}}").field());
        assertEquals("algorithm.group_size", error("{\"algorithm\":{\"group_size\":\"eight\"}}").field());
        assertEquals("mask.preset", error("{\"mask\":{\"preset\":\"magic\"}}").field());
        assertEquals("mask.weights.WIZARD", error("{\"mask\":{\"preset\":\"custom\",\"weights\":{\"WIZARD\":1}}}").field());
        assertEquals("mask.weights", error("{\"mask\":{\"preset\":\"custom\"}}").field());
        assertEquals("clip.eps_low", error("{\"clip\":{\"eps_low\":1.5}}").field());
        assertEquals("kl.estimator", error("{\"kl\":{\"estimator\":\"k2\"}}").field());
        assertEquals("task.name", error("{\"task\":{\"name\":\"chess\"}}").field());
        ConfigException json = error("{\"name\": ");
        assertTrue(json.getMessage().startsWith("bad.json: not valid JSON at line 1"), json.getMessage());
    }
}
