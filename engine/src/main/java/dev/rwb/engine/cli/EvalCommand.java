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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb eval --checkpoint C --task T --n N --db DB}: runs held-out episodes with a saved
 * model, stores them as trajectories of a run of kind {@code eval}, and prints the accuracy.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run held-out episodes with a checkpoint, store them, print accuracy.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "Checkpoint directory (from rwb sft or rwb train).")
    Path checkpoint;

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
        if (!Files.isDirectory(checkpoint)) {
            System.err.println("rwb eval: " + checkpoint + ": no such checkpoint directory");
            return 2;
        }
        Task t;
        try {
            t = TaskCatalog.byName(taskOption.task);
        } catch (IllegalArgumentException e) {
            System.err.println("rwb eval: " + e.getMessage());
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
            List<Trajectory> episodes = engine.rollout(t, problems, 1, sampling, new RolloutContext(runName, 0));
            ObjectNode runConfig = new ObjectMapper().createObjectNode()
                    .put("checkpoint", checkpoint.toAbsolutePath().toString()).put("task", taskOption.task)
                    .put("level", taskOption.level);
            RunInfo run = store.createRun(runName, "eval", runConfig.toString());
            store.insertAll(episodes);
            long correct = episodes.stream().filter(Trajectory::correct).count();
            double accuracy = (double) correct / episodes.size();
            store.addStepMetrics(run.id(), 0, Map.of("eval_accuracy", accuracy));
            store.setRunStatus(run.id(), "finished");
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("run", runName).put("run_id", run.id()).put("task", taskOption.task).put("level", taskOption.level)
                    .put("episodes", episodes.size()).put("correct", correct).put("accuracy", accuracy);
            if (json) {
                System.out.println(result);
            } else {
                System.out.printf("%s: %d of %d correct (accuracy %.3f); stored as run %s%n", taskOption.task, correct,
                        episodes.size(), accuracy, runName);
            }
        }
        return 0;
    }
}
