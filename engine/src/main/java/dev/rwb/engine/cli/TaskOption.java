package dev.rwb.engine.cli;

import picocli.CommandLine.Option;

/** The task options shared by {@code rwb sft} and {@code rwb eval}: which task, at which level, from which seed. */
public final class TaskOption {
    @Option(names = "--task", required = true, description = "kb-search, arithmetic or countdown.")
    String task;

    @Option(names = "--level", defaultValue = "1", description = "Difficulty level (default ${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the problems and of sampling (default ${DEFAULT-VALUE}).")
    long seed;
}
