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
        assertEquals(AlgorithmName.RLOO, c.algorithm().name());
        assertEquals(4, c.algorithm().groupSize());
        assertEquals(16, c.algorithm().promptsPerStep(), "unset fields keep their defaults");
        assertEquals(0.25, c.mask().weights().get("TOOL_RESPONSE"));
        assertEquals(c, RunConfigReader.parse(RunConfigReader.toJson(c), "again"));
    }

    @Test
    void choiceListsAreEnumsWrittenAsTheirSnakeCaseKeys() throws Exception {
        RunConfig c = RunConfigReader.parse("{\"algorithm\":{\"name\":\"dr_grpo\"},\"kl\":{\"estimator\":\"k3\","
                + "\"placement\":\"reward\"},\"loss_aggregation\":\"seq_mean_token_mean\","
                + "\"sampling\":{\"strategy\":\"prioritized\"},\"optimizer\":{\"schedule\":\"cosine\"}}", "c.json");
        assertEquals(AlgorithmName.DR_GRPO, c.algorithm().name());
        assertEquals(KlEstimatorName.K3, c.kl().estimator());
        assertEquals(KlPlacement.REWARD, c.kl().placement());
        assertEquals(LossAggregation.SEQ_MEAN_TOKEN_MEAN, c.lossAggregation());
        assertEquals(SamplingStrategy.PRIORITIZED, c.sampling().strategy());
        assertEquals(ScheduleShape.COSINE, c.optimizer().schedule());
        assertEquals(MaskPreset.SEARCH_R1, c.mask().preset(), "the default preset");
        String json = RunConfigReader.toJson(c);
        assertTrue(json.contains("\"name\" : \"dr_grpo\""), json);
        assertTrue(json.contains("\"loss_aggregation\" : \"seq_mean_token_mean\""), json);
        assertTrue(json.contains("\"strategy\" : \"prioritized\""), json);
    }

    @Test
    void adamSettingsAreExplicitWithTodaysDefaults() throws Exception {
        RunConfig c = RunConfigReader.defaultConfig();
        assertEquals(0.9, c.optimizer().adamBeta1());
        assertEquals(0.999, c.optimizer().adamBeta2(), "RL: PyTorch's default β₂");
        assertEquals(1e-8, c.optimizer().adamEpsilon());
        assertEquals(0.9, c.warmStart().adamBeta1());
        assertEquals(0.95, c.warmStart().adamBeta2(), "warm start: nanoGPT's β₂");
        assertEquals(1e-8, c.warmStart().adamEpsilon());
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
        ConfigException algorithm = error("{\"algorithm\":{\"name\":\"gpro\"}}");
        assertEquals("algorithm.name", algorithm.field());
        assertEquals("bad.json: field 'algorithm.name': 'gpro' is not one of [grpo, dr_grpo, rloo, reinforce, ppo]",
                algorithm.getMessage());
        assertTrue(error("{\"loss_aggregation\":\"sum\"}").getMessage()
                .endsWith("'sum' is not one of [token_mean, seq_mean_token_mean, seq_mean_token_sum_norm]"));
        assertEquals("sampling.strategy", error("{\"sampling\":{\"strategy\":\"random\"}}").field());
        assertEquals("kl.placement", error("{\"kl\":{\"placement\":null}}").field());
        assertEquals("optimizer.adam_beta2", error("{\"optimizer\":{\"adam_beta2\":1.0}}").field());
        assertEquals("warm_start.adam_epsilon", error("{\"warm_start\":{\"adam_epsilon\":0}}").field());
        ConfigException json = error("{\"name\": ");
        assertTrue(json.getMessage().startsWith("bad.json: not valid JSON at line 1"), json.getMessage());
    }
}
