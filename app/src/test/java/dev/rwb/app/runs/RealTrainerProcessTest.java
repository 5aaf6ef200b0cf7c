package dev.rwb.app.runs;

import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher against the real {@code rwb train} (engine main class, DJL in the child JVM only). */
class RealTrainerProcessTest {
    @TempDir
    Path dir;

    @Test
    void aTinyRealRunReportsStartStepsAndFinish() throws Exception {
        Path db = dir.resolve("real.db");
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, "{\"name\":\"real-tiny\",\"task\":{\"name\":\"arithmetic\",\"level\":1,\"heldout_size\":8},"
                + "\"algorithm\":{\"group_size\":2,\"prompts_per_step\":2},"
                + "\"rollout\":{\"max_turns\":2,\"max_new_tokens\":16,\"max_total_tokens\":64},\"steps\":2,"
                + "\"eval\":{\"every\":2,\"n\":4,\"pass_k\":1},\"checkpoint_every\":2,\"device\":\"cpu\"}");
        List<Object> seen = run(TrainerCommandLine.ofThisJvm().train(config, db));
        List<TrainerEvent> events = seen.stream().filter(o -> o instanceof TrainerEvent).map(o -> (TrainerEvent) o).toList();
        // the run id comes first, before the warm start and step 0; then the start of training
        assertEquals(TrainerEvent.Type.RUN, events.get(0).type(), seen.toString());
        assertEquals(TrainerEvent.Type.START, events.get(1).type(), seen.toString());
        assertEquals(events.get(0).runId(), events.get(1).runId());
        assertEquals(List.of(1, 2), events.stream().filter(e -> e.type() == TrainerEvent.Type.STEP).map(TrainerEvent::step).toList());
        assertEquals("finished", events.get(events.size() - 1).outcome());
        assertEquals("exit 0", seen.get(seen.size() - 1));
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            long id = store.findRun("real-tiny").orElseThrow().id();
            assertEquals(id, events.get(0).runId());
            assertTrue(store.stepMetrics(id).stream().anyMatch(m -> m.step() == 2 && m.name().equals("reward_mean")));
        }
    }

    @Test
    void aBadConfigExitsNonZeroNamingTheField() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"clip\":{\"eps_low\":3}}");
        List<Object> seen = run(TrainerCommandLine.ofThisJvm().train(config, dir.resolve("x.db")));
        assertEquals("exit 2", seen.get(seen.size() - 1));
        assertTrue(seen.stream().anyMatch(o -> o.toString().startsWith("err ") && o.toString().contains("clip.eps_low")), seen.toString());
    }

    private static List<Object> run(List<String> command) throws Exception {
        BlockingQueue<Object> q = new LinkedBlockingQueue<>();
        TrainerProcess.start(command, new TrainerProcess.Listener() {
            public void event(TrainerEvent e) {
                q.add(e);
            }

            public void stdoutText(String line) {
                q.add("out " + line);
            }

            public void stderrLine(String line) {
                q.add("err " + line);
            }

            public void exited(int code) {
                q.add("exit " + code);
            }
        });
        List<Object> all = new ArrayList<>();
        while (true) {
            Object o = q.poll(180, TimeUnit.SECONDS);
            assertNotNull(o, "trainer silent for 180 s: " + all);
            all.add(o);
            if (o.toString().startsWith("exit ")) {
                return all;
            }
        }
    }
}
