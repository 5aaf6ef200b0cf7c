package dev.rwb.engine.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.config.WallTimes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped run configs are valid, each masked/unmasked pair differs only in name and mask preset,
 * and each has its expected wall time in {@code wall-times.json} (the Train tab shows it).
 */
class SampleConfigsTest {
    static final Path DIR = Path.of("..", "samples", "configs");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySampleConfigIsValid() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(WallTimes::isRunConfig).toList();
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

    @Test
    void everySampleConfigHasAnExpectedWallTimeAndNothingElseDoes() throws Exception {
        WallTimes times = WallTimes.read(DIR);
        List<String> configs;
        try (Stream<Path> s = Files.list(DIR)) {
            configs = s.filter(WallTimes::isRunConfig).map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String c : configs) {
            WallTimes.WallTime t = times.of(c).orElseThrow(() -> new AssertionError("no entry for " + c + " in "
                    + DIR.resolve(WallTimes.FILE_NAME)));
            assertTrue(t.seconds() > 0, c);
            assertTrue(t.note().contains("load"), c + ": the note says what load the machine had: " + t.note());
        }
        assertEquals(configs, times.all().keySet().stream().sorted().toList(), "an entry for a config that is gone");
        assertTrue(Files.readString(DIR.resolve("README.md")).contains(WallTimes.FILE_NAME),
                "samples/configs/README.md points at the measurements");
    }
}
