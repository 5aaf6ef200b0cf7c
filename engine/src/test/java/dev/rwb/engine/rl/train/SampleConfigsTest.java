package dev.rwb.engine.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.RunConfigReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped run configs are valid, and each masked/unmasked pair differs only in name and mask preset. */
class SampleConfigsTest {
    static final Path DIR = Path.of("..", "samples", "configs");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySampleConfigIsValid() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertTrue(files.size() >= 6, "configs found: " + files);
        for (Path f : files) {
            RunConfigReader.read(f);
        }
    }

    @Test
    void maskedAndUnmaskedPairsDifferOnlyInMaskAndName() throws Exception {
        for (String pair : List.of("kb-search-grpo", "kb-search-hard-grpo")) {
            ObjectNode masked = (ObjectNode) JSON.readTree(DIR.resolve(pair + "-masked.json").toFile());
            ObjectNode unmasked = (ObjectNode) JSON.readTree(DIR.resolve(pair + "-unmasked.json").toFile());
            assertEquals("search_r1", masked.path("mask").path("preset").asText());
            assertEquals("no_masking", unmasked.path("mask").path("preset").asText());
            for (ObjectNode n : List.of(masked, unmasked)) {
                n.remove("name");
                n.remove("mask");
            }
            assertEquals(masked, unmasked, pair);
        }
    }
}
