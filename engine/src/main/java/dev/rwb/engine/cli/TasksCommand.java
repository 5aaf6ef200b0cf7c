package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.catalog.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rwb tasks}: prints generated task instances, as text or one JSON object per line. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Generate task instances (kb-search, arithmetic, countdown) from a seed.")
public final class TasksCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--task", required = true, description = "kb-search, arithmetic or countdown")
    String task;

    @Option(names = "--seed", defaultValue = "0", description = "generation seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--n", defaultValue = "10", description = "number of instances (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--level", defaultValue = "1", description = "difficulty level, from 1 (default ${DEFAULT-VALUE})")
    int level;

    @Option(names = "--split", defaultValue = "train", description = "train or heldout (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    PrintWriter out = new PrintWriter(System.out, true);

    @Override
    public Integer call() throws Exception {
        Task t;
        Split s;
        try {
            t = Tasks.byName(task);
            s = Split.parse(split);
            if (n < 0) {
                throw new IllegalArgumentException("--n must be >= 0, got " + n);
            }
            if (level < 1 || level > t.maxLevel()) {
                throw new IllegalArgumentException("--level for " + t.name() + " must be 1.." + t.maxLevel() + ", got " + level);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("rwb tasks: " + e.getMessage());
            return 2;
        }
        for (TaskInstance i : t.generate(seed, n, level, s)) {
            out.println(json ? toJson(i) : i.id() + "\t" + i.prompt().strip().replace("\n", " ") + "\t=> " + i.groundTruth());
        }
        out.flush();
        return 0;
    }

    static String toJson(TaskInstance i) throws Exception {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", i.id());
        o.put("task", i.task());
        o.put("level", i.level());
        o.put("split", i.split().key());
        o.put("prompt", i.prompt());
        o.put("ground_truth", i.groundTruth());
        ObjectNode attrs = o.putObject("attributes");
        i.attributes().forEach(attrs::put);
        return MAPPER.writeValueAsString(o);
    }
}
