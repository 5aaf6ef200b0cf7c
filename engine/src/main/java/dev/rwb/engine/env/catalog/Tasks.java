package dev.rwb.engine.env.catalog;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.countdown.CountdownTask;
import dev.rwb.engine.env.kb.KbSearchTask;

import java.util.List;

/** The registry of built-in tasks, by name. */
public final class Tasks {
    public static final List<String> NAMES = List.of(KbSearchTask.NAME, ArithmeticTask.NAME, CountdownTask.NAME);

    private Tasks() {
    }

    /** A new task object for a name ("kb-search", "arithmetic", "countdown"). */
    public static Task byName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case KbSearchTask.NAME, "kb" -> new KbSearchTask();
            case ArithmeticTask.NAME -> new ArithmeticTask();
            case CountdownTask.NAME -> new CountdownTask();
            default -> throw new IllegalArgumentException("unknown task '" + name + "' (expected one of " + NAMES + ")");
        };
    }
}
