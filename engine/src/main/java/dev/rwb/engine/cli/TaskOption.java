package dev.rwb.engine.cli;

import picocli.CommandLine.Option;

/** The task options shared by {@code rwb sft} and {@code rwb eval}: which task, at which level, from which seed. */
public final class TaskOption {
    // not required by picocli: rwb eval --run reads a stored run and needs no task; see missing()
    @Option(names = "--task", description = "kb-search, arithmetic or countdown.")
    String task;

    @Option(names = "--level", defaultValue = "1", description = "Difficulty level (default ${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the problems and of sampling (default ${DEFAULT-VALUE}).")
    long seed;

    /** True (after telling the user) when no --task was given to a command that needs one. */
    boolean missing(String command) {
        if (task == null) {
            System.err.println("rwb " + command + ": missing required option '--task=<task>'");
            return true;
        }
        return false;
    }
}
