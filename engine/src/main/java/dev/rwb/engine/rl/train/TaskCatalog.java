package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.countdown.CountdownTask;
import dev.rwb.engine.env.kb.KbSearchTask;

import java.util.ArrayList;
import java.util.List;

/** The tasks a run config can name, and their problem pools. */
public final class TaskCatalog {
    private TaskCatalog() {
    }

    public static Task byName(String name) {
        return switch (name) {
            case "kb-search" -> new KbSearchTask();
            case "arithmetic" -> new ArithmeticTask();
            case "countdown" -> new CountdownTask();
            default -> throw new IllegalArgumentException("unknown task '" + name + "'");
        };
    }

    /** The levels a config's {@code task.level} means: one level, or every level for 0. */
    public static List<Integer> levels(Task task, int level) {
        List<Integer> out = new ArrayList<>();
        if (level > 0) {
            out.add(level);
        } else {
            for (int l = 1; l <= task.maxLevel(); l++) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Up to {@code perLevel} distinct problems of each level of the split; when a level has fewer
     * problems than asked (a small kb-search world), as many as it has, found by halving.
     */
    public static List<TaskInstance> pool(Task task, List<Integer> levels, Split split, int perLevel, long seed) {
        List<TaskInstance> out = new ArrayList<>();
        for (int level : levels) {
            int n = perLevel;
            while (true) {
                try {
                    out.addAll(task.generate(seed, n, level, split));
                    break;
                } catch (IllegalStateException tooFew) {
                    if (n <= 1) {
                        throw tooFew;
                    }
                    n /= 2;
                }
            }
        }
        return out;
    }
}
