package dev.rwb.engine.rl.train;

import dev.rwb.engine.cli.Rwb;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run names are labels, never paths; a failed start leaves no run behind; {@code rwb runs delete}
 * removes a run with everything it owns, all or nothing (issue 17).
 */
class RunLifecycleTest {
    @TempDir
    Path dir;

    /** The base config with {@code overrides} (a JSON object) laid over it key by key. */
    private static String config(String name, String overrides) {
        String base = """
                {"name": %s, "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 2},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 1, "eval": {"every": 0, "n": 2, "pass_k": 1}, "checkpoint_every": 1,
                 "seed": 3, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 2, "demonstrations": 8, "noise": 0.5, "batch_size": 4, "learning_rate": 0.002}}
                """.formatted(com.fasterxml.jackson.databind.node.TextNode.valueOf(name).toString());
        if (overrides.isBlank()) {
            return base;
        }
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(base);
            mapper.readerForUpdating(tree).readValue(overrides);
            return tree.toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private RunInfo train(WorkbenchStore store, RunConfig c) throws Exception {
        ComputeDevice.configureThreads(1);
        try (RlTrainer t = RlTrainer.start(c, store, new TrainingListener() { })) {
            t.train();
            return store.run(t.runId());
        }
    }

    @Test
    void aNameThatLooksLikeAPathWritesOnlyUnderTheDatabasesFolder() throws Exception {
        Path db = Files.createDirectories(dir.resolve("a/b")).resolve("w.db");
        Path absolute = dir.resolve("absolute-run");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunInfo escaped = train(store, RunConfigReader.parse(config("../../escaped-run", ""), "c.json"));
            RunInfo abs = train(store, RunConfigReader.parse(config(absolute.toString(), ""), "c.json"));
            assertEquals(db.resolveSibling("w.db.checkpoints").resolve("run-" + escaped.id()), store.checkpointFolder(escaped));
            assertTrue(Files.isDirectory(store.checkpointFolder(escaped).resolve("step-1")));
            assertTrue(Files.isDirectory(store.checkpointFolder(abs).resolve("step-1")));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(java.util.List.of(), all.filter(p -> p.getFileName().toString().contains("escaped-run")
                    || p.getFileName().toString().equals("absolute-run")).toList(), "nothing is named after the run");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "line\nbreak", "tab\there", "bidi\u202eoverride"})
    void namesAreValidated(String name) throws Exception {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            RunConfig c = RunConfigReader.parse(config("ok", ""), "c.json");
            RunConfig bad = new RunConfig(name, c.task(), c.model(), c.algorithm(), c.optimizer(), c.kl(), c.clip(),
                    c.entropyCoef(), c.lossAggregation(), c.mask(), c.reward(), c.sampling(), c.rollout(), c.steps(),
                    c.eval(), c.checkpointEvery(), c.seed(), c.device(), c.threads(), c.storeFraction(), c.warmStart());
            assertThrows(IllegalArgumentException.class, () -> RlTrainer.start(bad, store, new TrainingListener() { }));
            assertTrue(store.listRuns().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> store.createRun("x".repeat(200), "rl", null));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\": {\"checkpoint\": \"/no/such/checkpoint\"}} | /no/such/checkpoint",
            "{\"task\": {\"name\": \"countdown\", \"level\": 5}}       | level must be 1..4",
            "{\"device\": \"gpu\"}                                     | ",
            "{\"algorithm\": {\"prompts_per_step\": 4096}}             | more than the",
            "{\"rollout\": {\"max_total_tokens\": 8}}                  | max_total_tokens",
            "DUPLICATE                                                 | already exists",
    })
    void aFailedStartLeavesNoRunBehind(String damage, String message) throws Exception {
        damage = damage.strip();
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            String json = config("run", "DUPLICATE".equals(damage) ? "" : damage);
            RunConfig c;
            try {
                c = RunConfigReader.parse(json, "c.json");
            } catch (dev.rwb.engine.config.ConfigException refused) {
                // refused even earlier, by the config reader, before any run could exist
                org.junit.jupiter.api.Assumptions.abort("refused by the config reader: " + refused.getMessage());
                return;
            }
            if ("DUPLICATE".equals(damage)) {
                store.createRun("run", "rl", null);
            }
            int before = store.listRuns().size();
            Exception e = assertThrows(Exception.class, () -> RlTrainer.start(c, store, new TrainingListener() { }), damage);
            assertTrue(message == null || String.valueOf(e.getMessage()).contains(message.strip()),
                    damage + " fails for its own reason: " + e);
            assertEquals(before, store.listRuns().size(), "no stranded run: " + store.listRuns());
            Path root = db.resolveSibling("w.db.checkpoints");
            try (Stream<Path> left = Files.exists(root) ? Files.list(root) : Stream.empty()) {
                assertEquals(0, left.count(), "no checkpoint folder left behind");
            }
        }
    }

    /** The two failed-start kinds the table above cannot write: a damaged checkpoint and a warm start that diverges. */
    @Test
    void aDamagedCheckpointOrADivergingWarmStartLeavesNoRunBehind() throws Exception {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunInfo donor = train(store, RunConfigReader.parse(config("donor", ""), "c.json"));
            Path damaged = dir.resolve("damaged");
            Files.createDirectories(damaged);
            try (Stream<Path> files = Files.list(store.checkpointFolder(donor).resolve("step-1"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, damaged.resolve(f.getFileName()));
                }
            }
            Path parameters = damaged.resolve("parameters.bin");
            assertTrue(Files.exists(parameters), "the checkpoint layout this test damages: " + damaged);
            byte[] whole = Files.readAllBytes(parameters);
            Files.write(parameters, java.util.Arrays.copyOf(whole, whole.length / 2));

            RunConfig fromDamaged = RunConfigReader.parse(config("from-damaged",
                    "{\"model\": {\"checkpoint\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(damaged.toString())
                            + "}}"), "c.json");
            Exception e = assertThrows(Exception.class, () -> RlTrainer.start(fromDamaged, store, new TrainingListener() { }));
            assertTrue(String.valueOf(e.getMessage()).contains("parameters.bin"), "names the damaged file: " + e);

            RunConfig diverging = RunConfigReader.parse(config("diverging",
                    "{\"warm_start\": {\"steps\": 6, \"learning_rate\": 1.0e9}}"), "c.json");
            Exception d = assertThrows(Exception.class, () -> RlTrainer.start(diverging, store, new TrainingListener() { }));
            assertTrue(String.valueOf(d.getMessage()).contains("warm start"), "says the warm start diverged: " + d);

            assertEquals(java.util.List.of("donor"), store.listRuns().stream().map(r -> r.run().name()).toList(),
                    "no stranded run");
            try (Stream<Path> left = Files.list(db.resolveSibling("w.db.checkpoints"))) {
                assertEquals(1, left.count(), "only the donor's checkpoint folder");
            }
        }
    }

    @Test
    void runsDeleteRemovesEverythingTheRunOwnsAllOrNothing() throws Exception {
        Path db = dir.resolve("w.db");
        RunInfo run;
        Path folder;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            run = train(store, RunConfigReader.parse(config("doomed", ""), "c.json"));
            train(store, RunConfigReader.parse(config("kept", ""), "c.json"));
            folder = store.checkpointFolder(run);
        }
        assertTrue(Files.isDirectory(folder));
        assertTrue(count(db, "SELECT COUNT(*) FROM trajectories WHERE run_id = " + run.id()) > 0);

        // the database refuses the delete: nothing may change, the checkpoints included
        exec(db, "CREATE TRIGGER refuse BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
        String[] failed = rwb("runs", "delete", "doomed", "--db", db.toString());
        assertEquals("1", failed[0], failed[2]);
        assertTrue(failed[2].contains("refused by test"), failed[2]);
        assertTrue(Files.isDirectory(folder.resolve("step-1")), "the checkpoints were put back");
        assertEquals(2, count(db, "SELECT COUNT(*) FROM runs"));
        exec(db, "DROP TRIGGER refuse");

        String[] ok = rwb("runs", "delete", "doomed", "--db", db.toString());
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].contains("deleted run 'doomed'"), ok[1]);
        assertFalse(Files.exists(folder), "its checkpoints are gone");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM trajectories WHERE run_id = " + run.id()));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM step_metrics WHERE run_id = " + run.id()));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM trajectory_grams WHERE rowid NOT IN (SELECT id FROM trajectories)"));
        assertEquals(1, count(db, "SELECT COUNT(*) FROM runs"), "the other run is untouched");
        assertEquals("2", rwb("runs", "delete", "doomed", "--db", db.toString())[0], "no such run any more");
    }

    private static String[] rwb(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = new CommandLine(new Rwb()).execute(args);
            return new String[] {String.valueOf(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static long count(Path db, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    private static void exec(Path db, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
