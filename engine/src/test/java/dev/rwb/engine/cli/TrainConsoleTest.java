package dev.rwb.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a real {@code rwb train} process prints on a CPU machine. */
class TrainConsoleTest {
    static final String TINY = "{\"name\":\"console-tiny\",\"task\":{\"name\":\"arithmetic\",\"level\":1,\"heldout_size\":4},"
            + "\"algorithm\":{\"group_size\":2,\"prompts_per_step\":2},"
            + "\"rollout\":{\"max_turns\":2,\"max_new_tokens\":16,\"max_total_tokens\":64},\"steps\":2,"
            + "\"eval\":{\"every\":2,\"n\":2,\"pass_k\":1},\"checkpoint_every\":2,\"device\":\"cpu\"}";

    /**
     * DJL probes CUDA while it loads the CPU build of libtorch; on a machine with a CUDA toolkit
     * but no driver (like the project's CI box) that probe used to warn on every start.
     */
    @Test
    void theCpuBuildPrintsNoCudaProbeWarning(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("tiny.json"), TINY);
        Map<String, String> env = new HashMap<>();
        env.put("PYTORCH_FLAVOR", null);
        env.put("PYTORCH_LIBRARY_PATH", null);
        RwbProcess r = RwbProcess.run(env, "train", "--config", config.toString(), "--db", dir.resolve("w.db").toString());
        assertEquals(0, r.code(), r.stderr());
        assertFalse(r.stderr().contains("Failed to detect GPU count"), r.stderr());
        assertFalse(r.stderr().contains("WARN"), r.stderr());
    }
}
