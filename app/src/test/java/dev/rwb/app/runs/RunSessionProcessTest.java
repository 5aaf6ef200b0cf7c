package dev.rwb.app.runs;

import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TrainerProcess} against a real child JVM (the fake trainer on the test classpath). */
class RunSessionProcessTest {
    @TempDir
    Path dir;

    @Test
    void readsEventsStderrAndExitOfARealChildProcess() throws Exception {
        Path db = dir.resolve("w.db");
        WorkbenchStore.open(db).close();
        Path config = dir.resolve("c.json");
        java.nio.file.Files.writeString(config, "{\"name\":\"proc-run\",\"steps\":4,"
                + "\"algorithm\":{\"group_size\":2,\"prompts_per_step\":1}}");
        TrainerCommandLine cmd = TrainerCommandLine.ofThisJvm(FakeTrainer.class.getName());
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TrainerProcess.start(cmd.train(config, db), new Recorder(seen));
        List<Object> all = drainUntilExit(seen);
        List<TrainerEvent> steps = all.stream().filter(o -> o instanceof TrainerEvent e && e.type() == TrainerEvent.Type.STEP)
                .map(o -> (TrainerEvent) o).toList();
        assertEquals(4, steps.size());
        assertEquals(4, steps.get(3).step(), "steps are numbered 1..steps");
        assertTrue(all.contains("exit 0"));
        assertTrue(all.stream().anyMatch(o -> o.toString().startsWith("err step 4/4")));
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            long id = store.findRun("proc-run").orElseThrow().id();
            assertEquals(4, store.stepMetrics(id).stream().map(m -> m.step()).distinct().count(),
                    "the child wrote its metrics to the shared DB");
            assertEquals(4, store.stepMetrics(id).get(store.stepMetrics(id).size() - 1).step());
        }
    }

    @Test
    void stopEndsALongRunGracefully() throws Exception {
        Path db = dir.resolve("w.db");
        WorkbenchStore.open(db).close();
        Path config = dir.resolve("c.json");
        java.nio.file.Files.writeString(config, RunConfigReader.toJson(RunConfigReader.parse(
                "{\"name\":\"long\",\"steps\":10000}", "t")));
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TrainerProcess p = TrainerProcess.start(TrainerCommandLine.ofThisJvm(FakeTrainer.class.getName()).train(config, db),
                new Recorder(seen));
        Object first;
        do {
            first = seen.poll(30, TimeUnit.SECONDS);
            assertNotNull(first, "no step within 30 s");
        } while (!(first instanceof TrainerEvent e && e.type() == TrainerEvent.Type.STEP));
        p.stop(Duration.ofSeconds(5));
        List<Object> rest = drainUntilExit(seen);
        assertTrue(rest.stream().anyMatch(o -> o instanceof TrainerEvent ev && "stopped".equals(ev.outcome())),
                "SIGTERM ran the trainer's shutdown hook: " + rest);
    }

    private static List<Object> drainUntilExit(BlockingQueue<Object> seen) throws InterruptedException {
        List<Object> all = new ArrayList<>();
        while (true) {
            Object o = seen.poll(60, TimeUnit.SECONDS);
            assertNotNull(o, "child process silent for 60 s: " + all);
            all.add(o);
            if (o.toString().startsWith("exit ")) {
                return all;
            }
        }
    }

    private record Recorder(BlockingQueue<Object> seen) implements TrainerProcess.Listener {
        public void event(TrainerEvent e) {
            seen.add(e);
        }

        public void stdoutText(String line) {
            seen.add("out " + line);
        }

        public void stderrLine(String line) {
            seen.add("err " + line);
        }

        public void exited(int code) {
            seen.add("exit " + code);
        }
    }
}
