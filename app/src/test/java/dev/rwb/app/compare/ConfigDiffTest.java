package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.RunConfigReader;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigDiffTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void flattensToDottedPaths() throws Exception {
        Map<String, String> flat = JsonPaths.flatten(JSON.readTree("{\"a\":{\"b\":1,\"c\":[true,\"x\"]},\"d\":null,\"e\":{}}"));
        assertEquals(Map.of("a.b", "1", "a.c[0]", "true", "a.c[1]", "x", "d", "null", "e", "{}"), flat);
    }

    @Test
    void reportsOnlyDifferingFields() throws Exception {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        configs.put("a", JSON.readTree("{\"name\":\"a\",\"mask\":{\"preset\":\"search_r1\"},\"steps\":50,\"seed\":1}"));
        configs.put("b", JSON.readTree("{\"name\":\"b\",\"mask\":{\"preset\":\"no_masking\"},\"steps\":50}"));
        List<ConfigDiff.Row> rows = ConfigDiff.of(configs, Set.of("name"));
        assertEquals(List.of(new ConfigDiff.Row("mask.preset", List.of("search_r1", "no_masking")),
                new ConfigDiff.Row("seed", List.of("1", ConfigDiff.MISSING))), rows);
    }

    @Test
    void abClonesDifferInExactlyOneTypedField() throws Exception {
        ObjectNode base = (ObjectNode) JSON.readTree(RunConfigReader.toJson(RunConfigReader.defaultConfig()));
        List<ObjectNode> ab = AbVariants.of(base, "algorithm.group_size", "4");
        assertEquals("run-A", ab.get(0).get("name").asText());
        assertEquals("run-B", ab.get(1).get("name").asText());
        assertEquals(4, RunConfigReader.parse(ab.get(1).toString(), "b").algorithm().groupSize());
        Map<String, JsonNode> pair = new LinkedHashMap<>();
        pair.put("A", ab.get(0));
        pair.put("B", ab.get(1));
        assertEquals(List.of("algorithm.group_size"), ConfigDiff.of(pair, Set.of("name")).stream().map(ConfigDiff.Row::path).toList());
        assertEquals("no_masking", AbVariants.of(base, "mask.preset", "no_masking").get(1).at("/mask/preset").asText());
    }
}
