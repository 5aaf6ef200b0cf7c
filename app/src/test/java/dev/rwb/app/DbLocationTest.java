package dev.rwb.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DbLocationTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void argumentWinsOverEnvironment() {
        assertEquals(Path.of("/tmp/a.db"), DbLocation.resolve(List.of("--db", "/tmp/a.db"), Map.of("RWB_DB", "/x.db"), HOME));
        assertEquals(Path.of("/tmp/b.db"), DbLocation.resolve(List.of("--db=/tmp/b.db"), Map.of(), HOME));
    }

    @Test
    void environmentThenXdgThenHome() {
        assertEquals(Path.of("/x.db"), DbLocation.resolve(List.of(), Map.of("RWB_DB", "/x.db"), HOME));
        assertEquals(Path.of("/data/rollout-workbench/workbench.db"),
                DbLocation.resolve(List.of(), Map.of("XDG_DATA_HOME", "/data"), HOME));
        assertEquals(Path.of("/home/ada/.local/share/rollout-workbench/workbench.db"),
                DbLocation.resolve(List.of(), Map.of(), HOME));
    }

    @Test
    void missingPathIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DbLocation.resolve(List.of("--db"), Map.of(), HOME));
        assertEquals("--db needs a path, e.g. --db ~/runs/workbench.db", e.getMessage());
    }
}
