package dev.rwb.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config cases of issue 17: strict JSON, clear messages, no NPE, no silent fixes. */
class RunConfigStrictnessTest {
    @TempDir
    Path dir;

    private static ConfigException error(String json) {
        return assertThrows(ConfigException.class, () -> RunConfigReader.parse(json, "bad.json"));
    }

    private static void assertMentions(ConfigException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
    }

    @Test
    void aDuplicatedKeyIsRefusedNotResolvedToTheLastValue() {
        assertMentions(error("{\"steps\": 1, \"name\": \"x\", \"steps\": 400000}"), "duplicate key", "'steps'", "line 1");
        assertMentions(error("{\"algorithm\": {\"group_size\": 4, \"group_size\": 8}}"), "duplicate key", "'group_size'");
    }

    @Test
    void contentAfterTheObjectIsRefused() {
        assertMentions(error("{\"steps\": 1}\n{\"steps\": 400000}"), "after the config object", "line 2");
        assertMentions(error("{\"steps\": 1} x"), "line 1, column 14", "'x'");
    }

    @Test
    void aFractionForAnIntegerFieldIsRefusedWithTheFieldNamed() {
        ConfigException e = error("{\"algorithm\": {\"group_size\": 2.5}}");
        assertEquals("algorithm.group_size", e.field());
        assertMentions(e, "whole number", "found 2.5");
        assertEquals("steps", error("{\"steps\": 10.5}").field());
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        Path file = dir.resolve("bom.json");
        byte[] body = "{\"name\": \"bom\", \"steps\": 3}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);
        RunConfig c = RunConfigReader.read(file);
        assertEquals("bom", c.name());
        assertEquals(3, c.steps());
    }

    @Test
    void aLatin1FileIsReportedAsNotUtf8WithTheByteOffset() throws Exception {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\n \"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> RunConfigReader.read(file));
        assertMentions(e, "latin1.json", "not UTF-8", "0xE9", "byte offset 15", "line 2");
    }

    @Test
    void deeplyNestedOrHugeValuesGiveAMessageNotAnNpe() {
        assertMentions(error("{\"name\": " + "[".repeat(5000) + "]".repeat(5000) + "}"), "bad.json", "nesting depth");
        ConfigException huge = error("{\"name\": \"" + "x".repeat(30 << 20) + "\"}");
        assertMentions(huge, "bad.json", "String value length");
        assertTrue(huge.getMessage().length() < 1000, "the message does not repeat the value");
    }

    @Test
    void nullSectionsGiveClearMessages() {
        for (String section : new String[] {"model", "algorithm", "warm_start"}) {
            ConfigException e = error("{\"" + section + "\": null}");
            assertEquals(section, e.field());
            assertMentions(e, "is null", "leave it out");
        }
        assertEquals("algorithm.name", error("{\"algorithm\": {\"name\": null}}").field());
        assertNull(RunConfigReader.defaultConfig().model().checkpoint(), "a null default may still be written as null");
    }

    @Test
    void oneSamplePerPromptIsRefused() {
        ConfigException e = error("{\"algorithm\": {\"name\": \"grpo\", \"group_size\": 1}}");
        assertEquals("algorithm.group_size", e.field());
        assertMentions(e, "at least 2", "every advantage is 0");
    }
}
