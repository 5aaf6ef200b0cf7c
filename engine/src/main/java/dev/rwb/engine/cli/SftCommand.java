package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.Checkpoint;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.rl.train.HeldOutEvaluator;
import dev.rwb.engine.rl.train.RunSetup;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb sft --task T --db DB}: the supervised warm start on the task oracle's noisy
 * demonstrations. The loss curve becomes the step metrics of a run of kind {@code sft}; the
 * checkpoint is saved for later RL runs ({@code model.checkpoint}); held-out accuracy (greedy and
 * sampled) and format rate are reported.
 */
@Command(name = "sft", mixinStandardHelpOptions = true,
        description = "Warm-start a model on oracle demonstrations and report held-out accuracy.")
public final class SftCommand implements Callable<Integer> {
    @Mixin
    TaskOption taskOption;

    @Option(names = "--config", description = "Run configuration to take the model, rollout limits, warm-start "
            + "batch size and learning rate, and threads from (the options below override it).")
    Path configFile;

    @Option(names = "--steps", description = "Optimizer steps (default: the config's warm_start.steps, else 300).")
    Integer steps;

    @Option(names = "--minutes", description = "Time budget: stop the warm start after this many minutes "
            + "(or after --steps, whichever comes first).")
    Double minutes;

    @Option(names = "--noise", description = "Share of noisy demonstrations (default: the config's, else 0.4).")
    Double noise;

    @Option(names = "--mistakes", description = "Mistakes of the noisy demonstrations: mixed or guess "
            + "(default: the config's, else mixed).")
    String mistakes;

    @Option(names = "--demonstrations", description = "Number of demonstrations (default: the config's, else 512).")
    Integer demonstrations;

    @Option(names = "--heldout", description = "Held-out problems to evaluate (default: the config's, else 64).")
    Integer heldout;

    @Option(names = "--from", description = "Checkpoint to continue: its vocabulary, context and weights are "
            + "kept and the warm start goes on from them (default: the config's model.checkpoint, else a fresh model).")
    Path from;

    @Option(names = "--out", required = true, description = "Checkpoint directory to write.")
    Path out;

    @Option(names = "--name", description = "Run name (default sft-<task>-<time>).")
    String name;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Mixin
    DbOption db;

    @Override
    public Integer call() throws Exception {
        if (taskOption.missing("sft")) {
            return 2;
        }
        String runName = name != null ? name : "sft-" + taskOption.task + "-" + System.currentTimeMillis() / 1000;
        RunConfig config;
        try {
            config = RunConfigReader.parse(configJson(runName), configFile == null ? "rwb sft options"
                    : configFile.getFileName() + " with rwb sft options");
        } catch (ConfigException e) {
            System.err.println("rwb sft: " + e.getMessage());
            return 2;
        }
        String checkpoint = config.model().checkpoint();
        if (checkpoint != null && !Files.isRegularFile(Path.of(checkpoint).resolve(Checkpoint.PARAMETERS))) {
            System.err.println("rwb sft: model.checkpoint " + checkpoint + ": not a checkpoint directory (no "
                    + Checkpoint.PARAMETERS + ")");
            return 2;
        }
        try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            RunInfo run = store.createRun(runName, "sft", RunConfigReader.toJson(config));
            store.setRunStatus(run.id(), "running");
            ComputeDevice.configureThreads(config.threads());
            RunSetup setup = new RunSetup(config);
            Map<Integer, Map<String, Double>> pending = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            long deadline = minutes == null ? Long.MAX_VALUE : t0 + (long) (minutes * 60e9);
            int[] ran = {0};
            // process CPU and wall time at the first and the latest step: the per-step cost excludes setup
            StepClock clock = new StepClock();
            GptPolicy policy = setup.freshPolicy(line -> System.err.println("rwb sft: " + line), (loss, step) -> {
                clock.tick(step);
                ran[0] = step;
                pending.put(step, Map.of("loss", loss));
                if (pending.size() >= 25) {
                    pending.forEach((s, m) -> store.addStepMetrics(run.id(), s, m));
                    pending.clear();
                }
            }, () -> System.nanoTime() > deadline);
            pending.forEach((s, m) -> store.addStepMetrics(run.id(), s, m));
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (policy) {
                RolloutEngine engine = new RolloutEngine(policy, setup.rolloutConfig(), setup.reward());
                Map<String, Double> eval = new HeldOutEvaluator(setup.task(), setup.heldOut(), 4, 1.0f)
                        .evaluate(engine, taskOption.seed);
                store.addStepMetrics(run.id(), ran[0], eval);
                store.setRunStatus(run.id(), "finished");
                ObjectNode result = new ObjectMapper().createObjectNode();
                result.put("run", runName).put("run_id", run.id()).put("checkpoint", out.toString())
                        .put("steps", ran[0]).put("seconds", seconds);
                if (clock.steps() > 0) {
                    result.put("step_cpu_s", clock.cpuSecondsPerStep()).put("step_wall_s", clock.wallSecondsPerStep());
                }
                eval.forEach(result::put);
                if (json) {
                    System.out.println(result);
                } else {
                    System.out.printf("%s: held-out greedy accuracy %.3f, sampled accuracy %.3f, pass@4 %.3f, "
                                    + "format rate %.3f (%d problems); checkpoint %s%n", runName,
                            eval.get("eval_accuracy"), eval.get("eval_sampled_accuracy"), eval.get("eval_pass_at_k"),
                            eval.get("eval_format_rate"), setup.heldOut().size(), out);
                }
            }
        }
        return 0;
    }

    /** The run configuration file (if any) with the command-line options written over it. */
    private String configJson(String runName) throws ConfigException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode c;
        if (configFile == null) {
            c = mapper.createObjectNode();
        } else {
            try {
                c = (ObjectNode) mapper.readTree(Files.readString(configFile));
            } catch (IOException | ClassCastException e) {
                throw new ConfigException(configFile.toString(), null, "cannot read as a JSON object: " + e.getMessage());
            }
        }
        c.put("name", runName);
        ObjectNode task = objectField(c, "task");
        task.put("name", taskOption.task).put("level", taskOption.level);
        if (from != null) {
            objectField(c, "model").put("checkpoint", from.toString());
        }
        ObjectNode warm = objectField(c, "warm_start");
        warm.put("save_to", out.toString());
        boolean phaseOptions = steps != null || noise != null || mistakes != null || demonstrations != null;
        if (warm.path("phases").size() > 0 && !phaseOptions) {
            // a multi-phase warm start runs as the config writes it (every phase, one after the other)
            putDefault(task, "heldout_size", heldout, 64);
            c.put("seed", taskOption.seed);
            return c.toString();
        }
        // the options describe one phase: it replaces the config's phases
        warm.remove("phases");
        putDefault(warm, "steps", steps, 300);
        putDefault(warm, "noise", noise, 0.4);
        putDefault(warm, "demonstrations", demonstrations, 512);
        if (mistakes != null) {
            warm.put("mistakes", mistakes);
        }
        putDefault(task, "heldout_size", heldout, 64);
        c.put("seed", taskOption.seed);
        return c.toString();
    }

    private static ObjectNode objectField(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** Sets {@code field} to the option when given, else keeps the config's value, else {@code fallback}. */
    private static void putDefault(ObjectNode node, String field, Number option, Number fallback) {
        Number value = option != null ? option : node.has(field) && node.get(field).isNumber() ? null : fallback;
        if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Double d) {
            node.put(field, d);
        }
    }
}
