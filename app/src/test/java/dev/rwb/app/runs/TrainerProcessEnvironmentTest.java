package dev.rwb.app.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trainer child gets jemalloc with purging off when it is installed (issue 17's flat-RSS soak). */
class TrainerProcessEnvironmentTest {

    @Test
    void jemallocIsPreloadedWhenInstalledAndLeftAloneOtherwise(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.so");
        Path lib = Files.writeString(dir.resolve("libjemalloc.so.2"), "");
        assertEquals(Map.of("LD_PRELOAD", lib.toString(), "MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1"),
                TrainerProcess.nativeMemoryEnvironment(Map.of(), List.of(missing, lib)));
        // the user's own MALLOC_CONF wins
        assertEquals("narenas:2", TrainerProcess.nativeMemoryEnvironment(Map.of("MALLOC_CONF", "narenas:2"),
                List.of(lib)).get("MALLOC_CONF"));
        assertEquals(Map.of(), TrainerProcess.nativeMemoryEnvironment(Map.of(), List.of(missing)));
        assertEquals(Map.of(), TrainerProcess.nativeMemoryEnvironment(Map.of("RWB_JEMALLOC", "0"), List.of(lib)));
        assertEquals(Map.of(), TrainerProcess.nativeMemoryEnvironment(Map.of("LD_PRELOAD", "/x.so"), List.of(lib)));
    }
}
