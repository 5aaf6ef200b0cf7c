package dev.rwb.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output users diff is byte-identical across JVMs. Each JVM seeds the iteration order of
 * {@code Map.of} differently, so this runs separate processes, not the command twice in one JVM.
 */
class DeterministicOutputTest {
    @Test
    void tasksJsonIsByteIdenticalInSeparateJvms() throws Exception {
        RwbProcess first = RwbProcess.run(Map.of(), "tasks", "--task", "countdown", "--seed", "7", "--json");
        assertEquals(0, first.code(), first.stderr());
        assertTrue(first.out().contains("\"attributes\":{\"numbers\":"), first.out());
        for (int run = 2; run <= 4; run++) {
            RwbProcess again = RwbProcess.run(Map.of(), "tasks", "--task", "countdown", "--seed", "7", "--json");
            assertArrayEquals(first.stdout(), again.stdout(), "run " + run + " differs:\n" + first.out() + "\n" + again.out());
        }
    }
}
