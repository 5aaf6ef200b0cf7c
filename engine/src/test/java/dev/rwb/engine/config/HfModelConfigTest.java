package dev.rwb.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model section's Hugging Face part: path, dtype and LoRA, read strictly (issue 13 item 5). */
class HfModelConfigTest {

    private static ConfigException error(String json) {
        return assertThrows(ConfigException.class, () -> RunConfigReader.parse(json, "hf.json"));
    }

    @Test
    void aPathWithLoraReadsWithItsDefaultsAndRoundTrips() throws Exception {
        RunConfig c = RunConfigReader.parse("""
                {"model": {"path": "Qwen/Qwen2.5-0.5B-Instruct", "lora": {"rank": 4, "target_modules": ["q_proj", "v_proj"]}}}
                """, "hf.json");
        assertTrue(c.model().isHuggingFace());
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct", c.model().path());
        assertEquals("fp32", c.model().dtype());
        assertEquals(4, c.model().lora().rank());
        assertEquals(16.0, c.model().lora().alpha(), "an unset alpha keeps LoRA's default");
        assertEquals(List.of("q_proj", "v_proj"), c.model().lora().targetModules());
        assertEquals(c, RunConfigReader.parse(RunConfigReader.toJson(c), "again"));
        RunConfig opened = RunConfigReader.parse("{\"model\": {\"path\": \"m\", \"lora\": {}}}", "hf.json");
        assertEquals(8, opened.model().lora().rank());
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj"), opened.model().lora().targetModules());
    }

    @Test
    void thePresetDefaultsHaveNoHuggingFaceModel() {
        RunConfig c = RunConfigReader.defaultConfig();
        assertFalse(c.model().isHuggingFace());
        assertNull(c.model().lora());
        assertEquals("fp32", c.model().dtype());
    }

    @Test
    void unknownAndWrongFieldsAreNamed() {
        ConfigException unknown = error("{\"model\": {\"path\": \"m\", \"lora\": {\"rnak\": 4}}}");
        assertEquals("model.lora.rnak", unknown.field());
        assertTrue(unknown.getMessage().contains("target_modules"), unknown.getMessage());
        assertEquals("model.pth", error("{\"model\": {\"pth\": \"m\"}}").field());
        assertEquals("model.lora.rank", error("{\"model\": {\"path\": \"m\", \"lora\": {\"rank\": 0}}}").field());
        assertEquals("model.lora.alpha", error("{\"model\": {\"path\": \"m\", \"lora\": {\"alpha\": -1}}}").field());
        ConfigException target = error("{\"model\": {\"path\": \"m\", \"lora\": {\"target_modules\": [\"q_proj\", \"qkv\"]}}}");
        assertEquals("model.lora.target_modules[1]", target.field());
        assertTrue(target.getMessage().contains("down_proj"), target.getMessage());
        assertEquals("model.lora.target_modules",
                error("{\"model\": {\"path\": \"m\", \"lora\": {\"target_modules\": []}}}").field());
        assertEquals("model.path", error("{\"model\": {\"path\": \" \"}}").field());
        assertEquals("model.dtype", error("{\"model\": {\"path\": \"m\", \"dtype\": \"fp8\"}}").field());
    }

    @Test
    void gradientCheckpointingReadsForAHuggingFaceModelOnly() throws Exception {
        assertTrue(RunConfigReader.parse("{\"model\": {\"path\": \"m\", \"gradient_checkpointing\": true}}", "hf.json")
                .model().gradientCheckpointing());
        assertFalse(RunConfigReader.defaultConfig().model().gradientCheckpointing());
        assertEquals("model.gradient_checkpointing",
                error("{\"model\": {\"preset\": \"tiny\", \"gradient_checkpointing\": true}}").field());
    }

    @Test
    void bf16IsAccepted() throws Exception {
        assertEquals("bf16", RunConfigReader.parse("{\"model\": {\"path\": \"m\", \"dtype\": \"bf16\"}}", "hf.json").model().dtype());
    }

    @Test
    void whatOnlyAHuggingFaceModelTakesIsRefusedForOurGpt() {
        assertEquals("model.lora", error("{\"model\": {\"preset\": \"tiny\", \"lora\": {\"rank\": 4}}}").field());
        assertEquals("model.dtype", error("{\"model\": {\"preset\": \"tiny\", \"dtype\": \"fp16\"}}").field());
        assertEquals("model.checkpoint", error("{\"model\": {\"path\": \"m\", \"checkpoint\": \"ck\"}}").field());
    }

    @Test
    void aHuggingFaceRunHasNoWarmStartAndNoPartialRollouts() {
        assertEquals("warm_start.steps", error("{\"model\": {\"path\": \"m\"}, \"warm_start\": {\"steps\": 10}}").field());
        assertEquals("rollout.partial_token_budget",
                error("{\"model\": {\"path\": \"m\"}, \"rollout\": {\"partial_token_budget\": 32}}").field());
    }
}
