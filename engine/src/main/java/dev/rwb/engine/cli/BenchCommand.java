package dev.rwb.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rwb bench …}: the benchmarks that docs/BENCHMARKS.md records. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see docs/BENCHMARKS.md).",
        subcommands = {BenchModelCommand.class, BenchHfCommand.class, BenchHfGrpoCommand.class, BenchRolloutCommand.class, BenchStoreCommand.class, BenchImportCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
