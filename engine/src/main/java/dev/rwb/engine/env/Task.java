package dev.rwb.engine.env;

import dev.rwb.engine.env.reward.Verdict;

import java.util.List;

/**
 * A source of verifiable problems with its tools, verifier and oracle (DESIGN §6).
 * Generation is deterministic: the same seed, count, level and split give the same instances.
 */
public interface Task {
    /** Name used on the command line and stored in trajectories. */
    String name();

    /** Highest difficulty level; levels run from 1 to this. */
    int maxLevel();

    /** Throws when {@code level} is outside 1..{@link #maxLevel()}, naming the task. */
    default void checkLevel(int level) {
        if (level < 1 || level > maxLevel()) {
            throw new IllegalArgumentException(name() + " level must be 1.." + maxLevel() + ", got " + level);
        }
    }

    /** Makes {@code n} distinct instances of one level that belong to {@code split}. */
    List<TaskInstance> generate(long seed, int n, int level, Split split);

    /** Fresh tools for one episode of this instance (tools may count calls per episode). */
    List<Tool> toolsFor(TaskInstance instance);

    /** Judges a final answer ({@code null} when the model never answered). */
    Verdict verify(TaskInstance instance, String finalAnswer);

    /** Writes demonstrations, possibly with deliberate mistakes. */
    Oracle oracle();
}
