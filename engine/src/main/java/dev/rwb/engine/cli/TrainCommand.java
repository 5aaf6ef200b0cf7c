package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.rl.train.RlTrainer;
import dev.rwb.engine.rl.train.TrainingListener;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb train --config FILE --db DB} or {@code rwb train --resume RUN_ID --db DB}: runs RL and
 * prints one JSON object per line on stdout for the GUI, human-readable progress on stderr. The first
 * event is {@code run} (its id, as soon as it exists and before any warm start), then, when the run
 * warm-starts, {@code warm_start} events (at most about one a second: {@code {"event":"warm_start",
 * "run_id":R,"phase":1,"phases":2,"step":300,"steps":2000,"loss":1.234,"eta_s":360}}, phase and step
 * 1-based, step within its phase, {@code eta_s} until the whole warm start is done), then {@code started},
 * {@code step}, and last {@code finished} (with the checkpoint folder and the DB) or {@code failed}. Exit 0 on success, 2 for a bad
 * config, 1 for any other failure.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a policy with RL (GRPO, Dr. GRPO, RLOO, REINFORCE, PPO).")
public final class TrainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DbOption db;

    @Option(names = "--config", paramLabel = "FILE", description = "Run configuration (JSON).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue a run from its last checkpoint.")
    Long resume;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if ((config == null) == (resume == null)) {
            err.println("rwb train: give exactly one of --config FILE or --resume RUN_ID");
            return 2;
        }
        RunConfig cfg = null;
        if (config != null) {
            try {
                cfg = RunConfigReader.read(config);
            } catch (ConfigException e) {
                err.println("rwb train: " + e.getMessage());
                emit(out, event("failed").put("error", e.getMessage()).put("field", e.field()));
                return 2;
            }
        }
        Path dbFile = db.resolve().toAbsolutePath();
        JsonLines listener = new JsonLines(out, err, dbFile);
        try (WorkbenchStore store = WorkbenchStore.open(dbFile)) {
            if (cfg != null) {
                ComputeDevice.configureThreads(cfg.threads());
            }
            try (RlTrainer trainer = cfg != null ? RlTrainer.start(cfg, store, listener)
                    : RlTrainer.resume(resume, store, listener)) {
                trainer.train();
                Path checkpoint = trainer.lastCheckpoint();
                ObjectNode finished = event("finished").put("run_id", trainer.runId()).put("run", trainer.runName())
                        .put("outcome", "finished")
                        .put("checkpoint", checkpoint == null ? null : checkpoint.toAbsolutePath().toString())
                        .put("checkpoint_step", trainer.lastCheckpointStep())
                        .put("db", dbFile.toString());
                err.println("run " + trainer.runName() + " (id " + trainer.runId() + ") finished; "
                        + (checkpoint == null ? "no checkpoint" : "checkpoint of step " + trainer.lastCheckpointStep()
                        + " in " + checkpoint.toAbsolutePath()) + "; database " + dbFile);
                emit(out, finished);
                return 0;
            }
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("rwb train: failed: " + msg);
            emit(out, event("failed").put("outcome", "failed").put("error", msg));
            return 1;
        }
    }

    private static ObjectNode event(String kind) {
        return JSON.createObjectNode().put("event", kind);
    }

    private static void emit(PrintStream out, ObjectNode node) {
        out.println(node.toString());
        out.flush();
    }

    /** Prints the trainer's progress: JSON on stdout, prose on stderr. */
    private static final class JsonLines implements TrainingListener {
        private final PrintStream out;
        private final PrintStream err;

        private final Path db;
        private long lastWarmStartEvent = System.nanoTime() - 1_000_000_000L;

        JsonLines(PrintStream out, PrintStream err, Path db) {
            this.out = out;
            this.err = err;
            this.db = db;
        }

        @Override
        public void opened(long runId, String runName, boolean resumed) {
            emit(out, event("run").put("run_id", runId).put("run", runName).put("resumed", resumed)
                    .put("db", db.toString()));
        }

        @Override
        public void warmStart(long runId, int phase, int phases, int step, int steps, double loss, double eta) {
            // at most one event a second, but always the first and last step of a phase
            long now = System.nanoTime();
            if (step != 1 && step != steps && now - lastWarmStartEvent < 1_000_000_000L) {
                return;
            }
            lastWarmStartEvent = now;
            emit(out, event("warm_start").put("run_id", runId).put("phase", phase).put("phases", phases)
                    .put("step", step).put("steps", steps).put("loss", Math.round(loss * 1e4) / 1e4)
                    .put("eta_s", Math.round(eta)));
        }

        @Override
        public void started(long runId, String runName, int firstStep, int totalSteps) {
            emit(out, event("started").put("run_id", runId).put("run", runName).put("first_step", firstStep)
                    .put("steps", totalSteps));
            err.println("run " + runName + " (id " + runId + "): steps " + firstStep + ".." + totalSteps);
        }

        @Override
        public void step(long runId, int step, int totalSteps, Map<String, Double> metrics, double eta) {
            ObjectNode n = event("step").put("run_id", runId).put("step", step).put("steps", totalSteps)
                    .put("eta_s", Math.round(eta));
            ObjectNode m = n.putObject("metrics");
            metrics.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    m.put(k, v);
                }
            });
            emit(out, n);
            err.printf("step %d/%d reward %.3f acc %.3f format %.2f len %.1f kl %.4f clip %.3f %.1fs%s ETA %ds%n",
                    step, totalSteps, metrics.getOrDefault("reward_mean", 0.0), metrics.getOrDefault("accuracy", 0.0),
                    metrics.getOrDefault("format_rate", 0.0), metrics.getOrDefault("response_length_mean", 0.0),
                    metrics.getOrDefault("kl", 0.0), metrics.getOrDefault("clip_fraction", 0.0),
                    metrics.getOrDefault("step_time_s", 0.0),
                    metrics.containsKey("eval_accuracy") ? String.format(" | held-out %.3f", metrics.get("eval_accuracy")) : "",
                    Math.round(eta));
        }

        @Override
        public void message(String text) {
            err.println(text);
        }
    }
}
