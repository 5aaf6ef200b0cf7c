package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rwb runs --db DB [--json]}: the runs of a workbench DB with their counts; {@code rwb runs delete RUN}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs of a workbench database.",
        subcommands = RunsDeleteCommand.class)
public final class RunsCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<RunSummary> runs;
        Path file;
        try {
            file = db.requireExisting();
        } catch (IllegalArgumentException e) {
            System.err.println("rwb runs: " + e.getMessage());
            return 1;
        }
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            runs = store.listRuns();
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode arr = mapper.createArrayNode();
            for (RunSummary s : runs) {
                ObjectNode o = arr.addObject();
                o.put("id", s.run().id());
                o.put("name", s.run().name());
                o.put("kind", s.run().kind());
                o.put("status", s.run().status());
                o.put("created_at", s.run().createdAt().toString());
                o.put("trajectories", s.trajectories());
                o.put("metric_steps", s.metricSteps());
                if (s.trajectories() > 0) {
                    o.put("min_step", s.minStep());
                    o.put("max_step", s.maxStep());
                    o.put("mean_reward", s.meanReward());
                    o.put("accuracy", s.accuracy());
                }
            }
            System.out.println(mapper.writeValueAsString(arr));
        } else {
            System.out.printf("%-5s %-28s %-8s %-10s %12s %8s %11s %9s%n", "id", "name", "kind", "status",
                    "trajectories", "steps", "mean reward", "accuracy");
            for (RunSummary s : runs) {
                System.out.printf("%-5d %-28s %-8s %-10s %12d %8s %11.3f %9.3f%n", s.run().id(), s.run().name(),
                        s.run().kind(), s.run().status(), s.trajectories(),
                        s.trajectories() == 0 ? "-" : s.minStep() + "-" + s.maxStep(), s.meanReward(), s.accuracy());
            }
        }
        return 0;
    }
}
