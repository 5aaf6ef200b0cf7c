package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a real {@code rwb train} process prints on a CPU machine. */
class TrainConsoleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TINY = "{\"name\":\"console-tiny\",\"task\":{\"name\":\"arithmetic\",\"level\":1,\"heldout_size\":4},"
            + "\"algorithm\":{\"group_size\":2,\"prompts_per_step\":2},"
            + "\"rollout\":{\"max_turns\":2,\"max_new_tokens\":16,\"max_total_tokens\":64},\"steps\":2,"
            + "\"eval\":{\"every\":2,\"n\":2,\"pass_k\":1},\"checkpoint_every\":2,\"device\":\"cpu\"}";

    /**
     * DJL probes CUDA while it loads the CPU build of libtorch; on a machine with a CUDA toolkit
     * but no driver (like the project's CI box) that probe used to warn on every start.
     */
    @Test
    void printsTheRunIdFirstAndTheCheckpointLastWithoutCudaProbeWarnings(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("tiny.json"), TINY);
        Map<String, String> env = new HashMap<>();
        env.put("PYTORCH_FLAVOR", null);
        env.put("PYTORCH_LIBRARY_PATH", null);
        RwbProcess r = RwbProcess.run(env, "train", "--config", config.toString(), "--db", dir.resolve("w.db").toString());
        assertEquals(0, r.code(), r.stderr());
        assertFalse(r.stderr().contains("Failed to detect GPU count"), r.stderr());
        assertFalse(r.stderr().contains("WARN"), r.stderr());

        // The run id comes first, before the warm start and step 0; the last line says where things are.
        List<String> lines = r.out().lines().toList();
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("run", first.get("event").asText());
        assertEquals(1, first.get("run_id").asLong());
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("finished", last.get("event").asText());
        Path db = dir.resolve("w.db").toAbsolutePath();
        assertEquals(db.toString(), last.get("db").asText());
        assertEquals(2, last.get("checkpoint_step").asInt());
        Path checkpoint = Path.of(last.get("checkpoint").asText());
        assertTrue(Files.isDirectory(checkpoint), checkpoint.toString());
        assertEquals(db.resolveSibling("w.db.checkpoints").resolve("run-1").resolve("step-2"), checkpoint);
        String finalLine = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(finalLine.contains("checkpoint of step 2 in " + checkpoint) && finalLine.contains("database " + db), finalLine);
    }
}
