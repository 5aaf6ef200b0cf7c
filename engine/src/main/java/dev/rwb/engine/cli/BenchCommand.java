package dev.rwb.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rwb bench}: throughput measurements; each area adds its own subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput of the engine's parts.",
        subcommands = {BenchModelCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
