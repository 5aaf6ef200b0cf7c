package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.env.rollout.RolloutConfig;
import dev.rwb.engine.env.rollout.RolloutContext;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.eval.BestOfN;
import dev.rwb.engine.eval.Estimate;
import dev.rwb.engine.eval.EvalMetrics;
import dev.rwb.engine.eval.ProblemSamples;
import dev.rwb.engine.eval.StoredGroups;
import dev.rwb.engine.model.Checkpoint;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.rl.train.TaskCatalog;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb eval --checkpoint C --task T --n N [--samples k | --best-of N --select S] --db DB}: runs
 * held-out episodes with a saved model, stores each problem's samples as a group of a run of kind
 * {@code eval}, and prints the accuracy with pass@k, pass^k, maj@k and mean@k (bootstrap 95%
 * intervals). {@code rwb eval --run R --db DB [--k K]} computes the same from a stored run's groups.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run held-out episodes with a checkpoint (or read a stored run's groups), store them, print "
                + "accuracy, pass@k, pass^k, maj@k and mean@k with bootstrap 95%% intervals.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", description = "Checkpoint directory (from rwb sft or rwb train).")
    Path checkpoint;

    @Option(names = "--run", paramLabel = "NAME",
            description = "Instead of a checkpoint: compute the metrics from this stored run's groups.")
    String storedRun;

    @Option(names = "--step", description = "With --run: only the groups of this step.")
    Integer step;

    @Option(names = "--k", description = "k of the metrics (default: the number of samples per problem).")
    Integer k;

    @Option(names = "--samples", defaultValue = "1",
            description = "Samples per problem, stored as one group (default ${DEFAULT-VALUE}; > 1 needs a temperature).")
    int samples;

    @Option(names = "--best-of", paramLabel = "N", description = "Test-time search: N samples per problem, one selected.")
    Integer bestOf;

    @Option(names = "--select", defaultValue = "majority",
            description = "How --best-of picks: majority, max-logprob or verifier (default ${DEFAULT-VALUE}).")
    String select;

    @Option(names = "--seed-bootstrap", defaultValue = "0", description = "Seed of the bootstrap intervals.")
    long bootstrapSeed;

    @Mixin
    TaskOption taskOption;

    @Option(names = "--n", defaultValue = "64", description = "Held-out problems (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default), else sampled.")
    float temperature;

    @Option(names = "--max-turns", defaultValue = "4", description = "Tool turns per episode (default ${DEFAULT-VALUE}).")
    int maxTurns;

    @Option(names = "--max-response-tokens", defaultValue = "256", description = "Response token budget (default ${DEFAULT-VALUE}).")
    int maxResponseTokens;

    @Option(names = "--name", description = "Run name (default eval-<task>-<time>).")
    String name;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Mixin
    DbOption db;

    @Override
    public Integer call() throws Exception {
        if ((checkpoint == null) == (storedRun == null)) {
            System.err.println("rwb eval: give either --checkpoint (run episodes) or --run (read a stored run)");
            return 2;
        }
        return storedRun != null ? fromStoredRun() : fromCheckpoint();
    }

    private int fromStoredRun() throws Exception {
        List<ProblemSamples> problems;
        Path file;
        try {
            file = db.requireExisting();
        } catch (IllegalArgumentException e) {
            System.err.println("rwb eval: " + e.getMessage());
            return 2;
        }
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            if (store.findRun(storedRun).isEmpty()) {
                System.err.println("rwb eval: no run named '" + storedRun + "' in " + db.resolve());
                return 2;
            }
            problems = StoredGroups.problems(store, storedRun, step);
        }
        if (problems.isEmpty()) {
            System.err.println("rwb eval: run '" + storedRun + "' has no trajectories");
            return 1;
        }
        int kk = k != null ? k : StoredGroups.smallestGroup(problems);
        if (kk > StoredGroups.smallestGroup(problems)) {
            System.err.println("rwb eval: k = " + kk + " but the smallest group has "
                    + StoredGroups.smallestGroup(problems) + " samples");
            return 1;
        }
        Map<String, Estimate> metrics = EvalMetrics.builder(kk).optSeed(bootstrapSeed).build().compute(problems);
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("run", storedRun).put("problems", problems.size()).put("k", kk);
        result.set("metrics", metricsJson(metrics));
        print(result, metrics, null);
        return 0;
    }

    private int fromCheckpoint() throws Exception {
        if (taskOption.missing("eval")) {
            return 2;
        }
        if (!Files.isDirectory(checkpoint)) {
            System.err.println("rwb eval: " + checkpoint + ": no such checkpoint directory");
            return 2;
        }
        Task t;
        BestOfN.Selection selection;
        try {
            t = TaskCatalog.byName(taskOption.task);
            selection = BestOfN.Selection.parse(select);
        } catch (IllegalArgumentException e) {
            System.err.println("rwb eval: " + e.getMessage());
            return 2;
        }
        int perProblem = bestOf != null ? bestOf : samples;
        if (perProblem < 1 || (perProblem > 1 && temperature <= 0)) {
            System.err.println("rwb eval: " + perProblem + " samples per problem need --temperature > 0"
                    + " (greedy decoding gives the same sample every time)");
            return 2;
        }
        List<TaskInstance> problems = TaskCatalog.pool(t, TaskCatalog.levels(t, taskOption.level), Split.HELDOUT, n,
                        taskOption.seed + 1)
                .subList(0, n);
        String runName = name != null ? name : "eval-" + taskOption.task + "-" + System.currentTimeMillis() / 1000;
        try (GptPolicy policy = Checkpoint.load(checkpoint, ComputeDevice.select());
             WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            RolloutConfig limits = RolloutConfig.defaults().withMaxTurns(maxTurns).withMaxResponseTokens(maxResponseTokens);
            RolloutEngine engine = new RolloutEngine(policy, limits, new CompositeReward(RewardWeights.defaults()));
            SamplingParams sampling = temperature <= 0 ? SamplingParams.greedy()
                    : SamplingParams.of(temperature, taskOption.seed);
            // each problem's samples come back consecutively and share a group id (instance@step)
            List<Trajectory> episodes = engine.rollout(t, problems, perProblem, sampling,
                    new RolloutContext(runName, 0));
            ObjectNode runConfig = new ObjectMapper().createObjectNode()
                    .put("checkpoint", checkpoint.toAbsolutePath().toString()).put("task", taskOption.task)
                    .put("level", taskOption.level).put("samples", perProblem);
            if (bestOf != null) {
                runConfig.put("best_of", bestOf).put("select", selection.key());
            }
            RunInfo run = store.createRun(runName, "eval", runConfig.toString());
            store.insertAll(episodes);
            long correct = episodes.stream().filter(Trajectory::correct).count();
            double accuracy = (double) correct / episodes.size();
            List<List<Trajectory>> groups = new ArrayList<>();
            for (int i = 0; i < problems.size(); i++) {
                groups.add(episodes.subList(i * perProblem, (i + 1) * perProblem));
            }
            List<ProblemSamples> samplesPerProblem = groups.stream().map(BestOfN::problem).toList();
            int kk = k != null ? Math.min(k, perProblem) : perProblem;
            Map<String, Estimate> metrics = EvalMetrics.builder(kk).optSeed(bootstrapSeed).build()
                    .compute(samplesPerProblem);
            Map<String, Double> stepMetrics = new java.util.LinkedHashMap<>();
            stepMetrics.put("eval_accuracy", accuracy);
            metrics.forEach((key, e) -> stepMetrics.put("eval_" + key.replace("@", "_at_").replace("^", "_hat_"),
                    e.value()));
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("run", runName).put("run_id", run.id()).put("task", taskOption.task).put("level", taskOption.level)
                    .put("episodes", episodes.size()).put("correct", correct).put("accuracy", accuracy)
                    .put("samples", perProblem).put("k", kk);
            result.set("metrics", metricsJson(metrics));
            String bestLine = null;
            if (bestOf != null) {
                long chosen = groups.stream().filter(g -> BestOfN.selectedCorrect(g, selection)).count();
                double bestAccuracy = (double) chosen / groups.size();
                stepMetrics.put("eval_best_of_" + bestOf + "_" + selection.key().replace('-', '_'), bestAccuracy);
                result.putObject("best_of").put("n", bestOf).put("select", selection.key())
                        .put("correct", chosen).put("accuracy", bestAccuracy);
                bestLine = String.format(java.util.Locale.ROOT, "best of %d by %s: %d of %d problems correct (%.3f)",
                        bestOf, selection.key(), chosen, groups.size(), bestAccuracy);
            }
            store.addStepMetrics(run.id(), 0, stepMetrics);
            store.setRunStatus(run.id(), "finished");
            if (!json) {
                System.out.printf("%s: %d of %d correct (accuracy %.3f); stored as run %s%n", taskOption.task, correct,
                        episodes.size(), accuracy, runName);
            }
            print(result, metrics, bestLine);
        }
        return 0;
    }

    private void print(ObjectNode result, Map<String, Estimate> metrics, String bestLine) {
        if (json) {
            System.out.println(result);
            return;
        }
        metrics.forEach((key, e) -> System.out.printf(java.util.Locale.ROOT, "  %-8s %.3f  [%.3f, %.3f]%n", key,
                e.value(), e.low(), e.high()));
        if (bestLine != null) {
            System.out.println("  " + bestLine);
        }
    }

    private static ObjectNode metricsJson(Map<String, Estimate> metrics) {
        ObjectNode m = new ObjectMapper().createObjectNode();
        metrics.forEach((key, e) -> m.putObject(key).put("value", e.value()).put("low", e.low()).put("high", e.high()));
        return m;
    }
}
