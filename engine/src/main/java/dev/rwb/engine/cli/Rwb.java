package dev.rwb.engine.cli;

import dev.rwb.engine.model.CudaProbeLogging;
import dev.rwb.engine.model.SignalExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rwb} command line: the engine's entry point. Each subcommand is a small class in
 * this package; the GUI ({@code rwb gui}) is listed here but started by the launcher script from the app module.
 */
@Command(name = "rwb", mixinStandardHelpOptions = true, version = "rwb 0.1.0",
        description = "Rollout Workbench: RL with verifiable rewards and tool use, and a token-level rollout inspector.",
        subcommands = {
                CommandLine.HelpCommand.class,
                GuiCommand.class,
                ImportCommand.class,
                LintCommand.class,
                ExportCommand.class,
                RunsCommand.class,
                BenchCommand.class,
                ReportCommand.class,
                SamplesCommand.class,
                TasksCommand.class,
                TrainCommand.class,
                SftCommand.class,
                EvalCommand.class,
                ScoreCommand.class,
                GenerateCommand.class,
                RandomModelCommand.class,
        })
public final class Rwb implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        CudaProbeLogging.configure();
        // a SIGTERM must not run libtorch's teardown under a running step (see SignalExit)
        SignalExit.install();
        int code = new CommandLine(new Rwb()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
