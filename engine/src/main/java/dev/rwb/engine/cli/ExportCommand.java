package dev.rwb.engine.cli;

import dev.rwb.engine.interop.export.JsonlExporter;
import dev.rwb.engine.interop.export.MetricsCsvExporter;
import dev.rwb.engine.interop.export.RunHtml;
import dev.rwb.engine.interop.export.ExportScales;
import dev.rwb.engine.interop.export.TrajectoryAnnotations;
import dev.rwb.engine.interop.export.TrajectoryHtml;
import dev.rwb.engine.interop.export.VerlLaunchConfig;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StoreException;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rwb export jsonl|metrics|html|run-html|verl}: trajectories, step metrics, pages and a verl
 * launch config out of a workbench DB, which must exist. An output file appears only when the
 * export succeeded. Exit codes: 0 written, 1 nothing to export or bad option.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export trajectories (JSONL), step metrics (CSV), HTML pages or a verl launch config.",
        subcommands = {ExportCommand.Jsonl.class, ExportCommand.Metrics.class, ExportCommand.TrajectoryPage.class,
                ExportCommand.RunPage.class, ExportCommand.Verl.class})
public final class ExportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Body of an export: writes to the given writer, returns a line for stderr. */
    @FunctionalInterface
    interface Body {
        String write(WorkbenchStore store, Writer out) throws IOException;
    }

    /** Options shared by every export: the DB and the output file. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
        Path output;

        int run(String what, Body body) {
            try (WorkbenchStore store = WorkbenchStore.open(db.requireExisting())) {
                String done;
                if (output == null) {
                    Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                    done = body.write(store, w);
                    w.flush();
                } else {
                    done = AtomicOutput.write(output, file -> {
                        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                            return body.write(store, w);
                        }
                    });
                }
                System.err.println("rwb export " + what + ": " + done + (output == null ? "" : " → " + output));
                return 0;
            } catch (IOException e) {
                System.err.println("rwb export " + what + ": cannot write " + output + ": " + e.getMessage());
            } catch (IllegalArgumentException | StoreException e) {
                System.err.println("rwb export " + what + ": " + e.getMessage());
            }
            return 1;
        }

        static RunInfo requireRun(WorkbenchStore store, String name) {
            return store.findRun(name).orElseThrow(() -> new IllegalArgumentException("no run named '" + name
                    + "' in " + store.file()));
        }
    }

    @Command(name = "jsonl", mixinStandardHelpOptions = true, description = "Trajectories as workbench JSONL.")
    static final class Jsonl extends Base {
        @Option(names = "--run", paramLabel = "NAME", description = "Only this run (default: all runs).")
        String run;

        @Override
        public Integer call() {
            return run("jsonl", (store, out) -> {
                if (run != null) {
                    requireRun(store, run);
                }
                return JsonlExporter.export(store, run, out) + " trajectories";
            });
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true, description = "A run's step metrics as CSV.")
    static final class Metrics extends Base {
        @Option(names = "--run", required = true, paramLabel = "NAME")
        String run;

        @Override
        public Integer call() {
            return run("metrics", (store, out) ->
                    MetricsCsvExporter.export(store.stepMetrics(requireRun(store, run).id()), out) + " steps");
        }
    }

    @Command(name = "html", mixinStandardHelpOptions = true, description = "One trajectory as a self-contained HTML page.")
    static final class TrajectoryPage extends Base {
        @Option(names = "--trajectory", required = true, paramLabel = "ID", description = "Trajectory id (see the GUI or `rwb runs`).")
        long id;

        @Option(names = "--color", paramLabel = "MODE", defaultValue = "contribution",
                description = "The colour mode the page opens in (all six are on the page): role, loss-mask, "
                        + "contribution, advantage, logprob or entropy (default: ${DEFAULT-VALUE}).")
        String color;

        @Option(names = "--scale", paramLabel = "SCOPE", defaultValue = "run",
                description = "What the signed colours (contribution, advantage) are scaled over: run, group or "
                        + "trajectory (default: ${DEFAULT-VALUE}, so colours compare across trajectories).")
        String scale;

        @Override
        public Integer call() {
            return run("html", (store, out) -> {
                ColorMode mode = ColorMode.parse(color);
                ScaleScope scope = parseScope(scale);
                Trajectory t = store.load(id);
                out.write(TrajectoryHtml.render(t, mode, scope, context(store, t),
                        TrajectoryAnnotations.of(store, t.id())));
                return "trajectory " + id;
            });
        }

        private static ScaleScope parseScope(String s) {
            for (ScaleScope scope : ScaleScope.values()) {
                if (scope.name().equalsIgnoreCase(s.trim())) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("unknown --scale '" + s + "' (expected run, group or trajectory)");
        }

        /** The run's ranges (from the store) and the trajectory's group, for the run and group scales. */
        private static ScaleContext context(WorkbenchStore store, Trajectory t) {
            return ExportScales.of(store, t);
        }
    }

    @Command(name = "run-html", mixinStandardHelpOptions = true,
            description = "A run as a self-contained HTML page with metric charts (inline SVG).")
    static final class RunPage extends Base {
        @Option(names = "--run", required = true, paramLabel = "NAME")
        String run;

        @Override
        public Integer call() {
            return run("run-html", (store, out) -> {
                out.write(RunHtml.render(store, requireRun(store, run)));
                return "run " + run;
            });
        }
    }

    @Command(name = "verl", mixinStandardHelpOptions = true,
            description = "A run's config as a verl launch command (or YAML) for scaling out; see docs/VERL_EXPORT.md.")
    static final class Verl extends Base {
        @Option(names = "--run", required = true, paramLabel = "NAME")
        String run;

        @Option(names = "--yaml", description = "Write nested YAML instead of a shell command.")
        boolean yaml;

        @Override
        public Integer call() {
            return run("verl", (store, out) -> {
                VerlLaunchConfig c = VerlLaunchConfig.fromConfigJson(requireRun(store, run).configJson());
                out.write(yaml ? c.toYaml() : c.toCommand());
                long active = c.unsupported().stream().filter(u -> u.contains("ACTIVE")).count();
                return c.overrides().size() + " overrides; " + active + " setting(s) of this run that verl does not have";
            });
        }
    }
}
