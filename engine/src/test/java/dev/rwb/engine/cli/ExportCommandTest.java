package dev.rwb.engine.cli;

import dev.rwb.engine.interop.Fixtures;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.rwb.engine.cli.ImportCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {

    @Test
    void exportsEachKindAndFailsClearly(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        assertEquals("0", run("import", Fixtures.verlDump(dir).toString(), "--db", db.toString(), "--run", "v")[0]);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunInfo r = store.createRun("rl-1", "rl", "{\"algorithm\": {\"name\": \"grpo\", \"group_size\": 4},"
                    + " \"sampling\": {\"strategy\": \"curriculum\"}}");
            store.createRun("flat", "rl", "{\"algorithm\": \"grpo\", \"group_size\": 4}");
            store.addStepMetrics(r.id(), 1, Map.of("reward_mean", 0.25));
            store.addStepMetrics(r.id(), 2, Map.of("reward_mean", 0.5));
        }
        Path jsonl = dir.resolve("v.jsonl");
        String[] out = run("export", "jsonl", "--db", db.toString(), "--run", "v", "-o", jsonl.toString());
        assertEquals("0", out[0], out[2]);
        assertEquals(8, Files.readAllLines(jsonl).size());
        // The exported JSONL imports again (as our own format) into another DB.
        assertEquals("0", run("import", jsonl.toString(), "--db", dir.resolve("w2.db").toString())[0]);

        Path html = dir.resolve("t.html");
        assertEquals("0", run("export", "html", "--db", db.toString(), "--trajectory", "1", "--color", "advantage",
                "-o", html.toString())[0]);
        assertTrue(Files.readString(html).contains("tool_response"));
        assertTrue(Files.readString(html).contains("id=\"mode-advantage\" checked"), "opens in the chosen mode");
        assertEquals("0", run("export", "html", "--db", db.toString(), "--trajectory", "1", "--color", "loss-mask",
                "--scale", "group", "-o", html.toString())[0]);
        assertTrue(Files.readString(html).contains("scale: per group"), "the legend names the scale in use");
        String[] badMode = run("export", "html", "--db", db.toString(), "--trajectory", "1", "--color", "rainbow");
        assertEquals("1", badMode[0]);
        assertTrue(badMode[2].contains("unknown colour mode 'rainbow' (expected one of role, loss-mask"), badMode[2]);
        String[] badScale = run("export", "html", "--db", db.toString(), "--trajectory", "1", "--scale", "step");
        assertEquals("1", badScale[0]);
        assertTrue(badScale[2].contains("unknown --scale 'step'"), badScale[2]);
        assertEquals("0", run("export", "run-html", "--db", db.toString(), "--run", "rl-1", "-o",
                dir.resolve("r.html").toString())[0]);
        String[] csv = run("export", "metrics", "--db", db.toString(), "--run", "rl-1");
        assertEquals("step,reward_mean\n1,0.25\n2,0.5\n", csv[1]);
        String[] verl = run("export", "verl", "--db", db.toString(), "--run", "rl-1");
        assertEquals("0", verl[0]);
        assertTrue(verl[1].contains("actor_rollout_ref.rollout.n=4"), verl[1]);
        assertTrue(verl[1].contains("#   sampling.strategy = curriculum — ACTIVE in this run"), verl[1]);
        String[] flat = run("export", "verl", "--db", db.toString(), "--run", "flat");
        assertEquals("1", flat[0], "a config that is not a run config cannot be exported");
        assertTrue(flat[2].contains("field 'algorithm'"), flat[2]);

        String[] noRun = run("export", "metrics", "--db", db.toString(), "--run", "nope");
        assertEquals("1", noRun[0]);
        assertTrue(noRun[2].contains("no run named 'nope'"), noRun[2]);
        String[] noTraj = run("export", "html", "--db", db.toString(), "--trajectory", "999");
        assertEquals("1", noTraj[0]);
        assertTrue(noTraj[2].contains("no trajectory with id 999"), noTraj[2]);
    }
}
