package dev.rwb.engine.rl.train;

import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code rwb train} child JVM is killed with SIGKILL mid-run, then resumed with
 * {@code --resume}: the DB passes {@code PRAGMA integrity_check}, every step 0..N has its metrics
 * exactly once and every step 1..N exactly one batch of trajectories.
 */
class TrainerProcessTest {
    static final String CONFIG = """
            {"name": "killed", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
             "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 3},
             "rollout": {"max_turns": 2, "max_new_tokens": 10, "max_total_tokens": 64},
             "steps": 7, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 2,
             "device": "cpu", "threads": 1,
             "warm_start": {"steps": 0, "demonstrations": 16}}
            """;

    @TempDir
    Path dir;

    @Test
    void sigkillThenResumeLeavesNoStepMissingOrDuplicated() throws Exception {
        Path cfg = dir.resolve("run.json");
        Files.writeString(cfg, CONFIG);
        Path db = dir.resolve("wb.sqlite");

        Process first = rwb("train", "--config", cfg.toString(), "--db", db.toString());
        int lastSeen = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("\"event\":\"step\"")) {
                    lastSeen = Integer.parseInt(line.replaceAll(".*\"step\":(\\d+).*", "$1"));
                    if (lastSeen >= 3) {
                        first.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, lastSeen, "the first process must be killed after step 3 (a step past the checkpoint of step 2)");
        assertTrue(first.exitValue() != 0, "killed, not finished");

        Process second = rwb("train", "--resume", "1", "--db", db.toString());
        String stdout = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(second.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), stdout);
        assertTrue(stdout.contains("\"outcome\":\"finished\""), stdout);

        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals("ok", store.integrityCheck());
            RunSummary run = store.listRuns().get(0);
            assertEquals("finished", run.run().status());
            TreeSet<Integer> metricSteps = new TreeSet<>();
            for (StepMetric m : store.stepMetrics(run.run().id())) {
                if (m.name().equals("reward_mean") || m.name().equals("eval_accuracy")) {
                    metricSteps.add(m.step());
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), new ArrayList<>(metricSteps));
        }
        Map<Integer, Integer> perStep = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT step, COUNT(*), COUNT(DISTINCT group_id || ':' || sample_index) "
                     + "FROM trajectories GROUP BY step")) {
            while (rs.next()) {
                assertEquals(rs.getInt(2), rs.getInt(3), "duplicate trajectories at step " + rs.getInt(1));
                perStep.put(rs.getInt(1), rs.getInt(2));
            }
        }
        assertEquals(Map.of(1, 6, 2, 6, 3, 6, 4, 6, 5, 6, 6, 6, 7, 6), perStep);
    }

    static Process rwb(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.rwb.engine.cli.Rwb"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
