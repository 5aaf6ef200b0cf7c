package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.rl.train.HeldOutEvaluator;
import dev.rwb.engine.rl.train.RunSetup;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--steps", defaultValue = "300", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--minutes", description = "Time budget: stop the warm start after this many minutes "
            + "(or after --steps, whichever comes first).")
    Double minutes;

    @Option(names = "--noise", defaultValue = "0.4", description = "Share of noisy demonstrations (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--demonstrations", defaultValue = "512", description = "Number of demonstrations.")
    int demonstrations;

    @Option(names = "--heldout", defaultValue = "64", description = "Held-out problems to evaluate.")
    int heldout;

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
        String runName = name != null ? name : "sft-" + taskOption.task + "-" + System.currentTimeMillis() / 1000;
        RunConfig config;
        try {
            config = RunConfigReader.parse(configJson(runName), "rwb sft options");
        } catch (ConfigException e) {
            System.err.println("rwb sft: " + e.getMessage());
            return 2;
        }
        try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            RunInfo run = store.createRun(runName, "sft", RunConfigReader.toJson(config));
            store.setRunStatus(run.id(), "running");
            RunSetup setup = new RunSetup(config);
            Map<Integer, Map<String, Double>> pending = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            long deadline = minutes == null ? Long.MAX_VALUE : t0 + (long) (minutes * 60e9);
            int[] ran = {0};
            GptPolicy policy = setup.freshPolicy(line -> System.err.println("rwb sft: " + line), (loss, step) -> {
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

    private String configJson(String runName) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("name", runName);
        c.putObject("task").put("name", taskOption.task).put("level", taskOption.level).put("heldout_size", heldout);
        c.putObject("warm_start").put("steps", steps).put("noise", noise).put("demonstrations", demonstrations)
                .put("save_to", out.toString());
        c.put("seed", taskOption.seed);
        return c.toString();
    }
}
