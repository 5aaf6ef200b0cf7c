package dev.rwb.app.runs;

import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Trajectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stand-in for {@code rwb train} that speaks the same protocol without DJL: it reads and
 * validates the config with the engine, creates the run in the SQLite DB, and for each step writes
 * step metrics through {@link WorkbenchStore} and prints a JSON {@code step} event (stderr: prose).
 * A config whose {@code model.checkpoint} does not exist makes it fail with exit code 1, as the
 * real trainer does. Steps are numbered 1..steps like the real trainer's; a config with warm-start steps
 * first announces the run and reports a (fast, fake) warm start. Step duration: system property {@code fake.stepMillis} (default 80).
 */
public final class FakeTrainer {
    private static volatile boolean done;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        long stepMillis = Long.getLong("fake.stepMillis", 80);
        try (WorkbenchStore store = WorkbenchStore.open(Path.of(opts.get("--db")))) {
            RunInfo run;
            RunConfig config;
            int first = 1;
            if (opts.containsKey("--resume")) {
                run = store.run(Long.parseLong(opts.get("--resume")));
                config = RunConfigReader.parse(run.configJson(), "run " + run.id());
                List<StepMetric> seen = store.stepMetrics(run.id());
                first = seen.isEmpty() ? 1 : seen.get(seen.size() - 1).step() + 1;
            } else {
                try {
                    config = RunConfigReader.read(Path.of(opts.get("--config")));
                } catch (ConfigException e) {
                    System.err.println("rwb train: " + e.getMessage());
                    System.exit(2);
                    return;
                }
                String ckpt = config.model().checkpoint();
                if (ckpt != null && !Files.isDirectory(Path.of(ckpt))) {
                    System.err.println("loading checkpoint…");
                    System.err.println("rwb train: failed: checkpoint directory not found: " + ckpt);
                    System.out.println("{\"event\":\"end\",\"outcome\":\"failed\",\"message\":\"checkpoint directory not found: "
                            + ckpt + "\"}");
                    System.exit(1);
                    return;
                }
                run = store.createRun(config.name(), "rl", RunConfigReader.toJson(config));
            }
            long runId = run.id();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!done) {
                    System.out.println("{\"event\":\"end\",\"outcome\":\"stopped\",\"run_id\":" + runId + "}");
                    System.out.flush();
                }
            }));
            if (first == 1 && config.warmStart().steps() > 0) {
                warmStart(store, run, config, stepMillis);
            }
            System.out.println("{\"event\":\"start\",\"run_id\":" + runId + ",\"run\":\"" + run.name()
                    + "\",\"steps\":" + config.steps() + ",\"future_field\":[1,2]}");
            System.out.flush();
            Random random = new Random(config.seed());
            for (int step = first; step <= config.steps(); step++) {
                // a run named slow-… takes 5 s over its first step, so a test can stop it before step 1
                Thread.sleep(step == first && run.name().startsWith("slow-") ? 5000 : stepMillis);
                Map<String, Double> m = new LinkedHashMap<>();
                // A learning curve: r(s) = 1 − e^{−s/10} plus noise
                m.put("reward_mean", 1 - Math.exp(-step / 10.0) + 0.05 * random.nextGaussian());
                m.put("accuracy", Math.min(1, Math.max(0, 0.9 * (1 - Math.exp(-step / 12.0)))));
                m.put("response_length_mean", 40 + step * 0.8);
                m.put("rollout_tokens_per_s", 900 + 50 * random.nextGaussian());
                m.put("kl", 0.002 * step);
                m.put("entropy", 1.2 * Math.exp(-step / 30.0));
                m.put("clip_fraction", 0.05 + 0.01 * random.nextGaussian());
                if (step % 5 == 0) {
                    m.put("eval_accuracy", 0.8 * (1 - Math.exp(-step / 15.0)));
                }
                store.addStepMetrics(runId, step, m);
                // One short rollout per step, so the inspector side has trajectories to open while the run is live.
                store.insert(new Trajectory(0, run.name(), step, "p" + step, "g" + step, 0, "kb-search", "Tarn", "Tarn",
                        1.0, Map.of("correctness", 1.0), true, FinishReason.STOP, 1, false, null, PreviewTrajectory.sample()));
                System.out.println("{\"event\":\"step\",\"run_id\":" + runId + ",\"step\":" + step + ",\"steps\":"
                        + config.steps() + ",\"eta_s\":" + (config.steps() - step) * stepMillis / 1000.0
                        + ",\"metrics\":{\"reward_mean\":" + m.get("reward_mean") + "}}");
                System.out.flush();
                System.err.printf("step %d/%d reward %.3f%n", step, config.steps(), m.get("reward_mean"));
            }
            done = true;
            System.out.println("{\"event\":\"end\",\"outcome\":\"finished\",\"run_id\":" + runId + "}");
        }
    }

    /**
     * The real trainer's warm start, as its protocol shows it: the run line first (so the GUI can switch
     * to the run at once), then a warm-start line every 10 supervised steps with the loss, whose curve is
     * stored as {@code warm_start/loss} at the global warm-start step. {@code -Dfake.warmPhases=N} splits
     * the steps into N phases.
     */
    private static void warmStart(WorkbenchStore store, RunInfo run, RunConfig config, long stepMillis)
            throws InterruptedException {
        System.out.println("{\"event\":\"run\",\"run_id\":" + run.id() + ",\"run\":\"" + run.name() + "\",\"resumed\":false}");
        System.out.flush();
        int phases = Integer.getInteger("fake.warmPhases", 1);
        int perPhase = config.warmStart().steps() / phases;
        int global = 0;
        for (int phase = 1; phase <= phases; phase++) {
            for (int step = 10; step <= perPhase; step += 10) {
                Thread.sleep(stepMillis);
                global += 10;
                // a supervised loss curve: 3·e^{−g/200} + 0.3
                double loss = 3 * Math.exp(-global / 200.0) + 0.3;
                store.addStepMetrics(run.id(), global, Map.of("warm_start/loss", loss));
                double eta = (phases * perPhase - global) / 10.0 * stepMillis / 1000.0;
                System.out.println("{\"event\":\"warm_start\",\"run_id\":" + run.id() + ",\"phase\":" + phase
                        + ",\"phases\":" + phases + ",\"step\":" + step + ",\"steps\":" + perPhase
                        + ",\"loss\":" + loss + ",\"eta_s\":" + eta + "}");
                System.out.flush();
            }
        }
    }
}
