package dev.rwb.app.export;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.interop.export.JsonlExporter;
import dev.rwb.engine.interop.export.MetricsCsvExporter;
import dev.rwb.engine.interop.export.RunHtml;
import dev.rwb.engine.interop.export.TrajectoryHtml;
import dev.rwb.engine.interop.export.VerlLaunchConfig;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * The File → Export menu's work, the same exports as {@code rwb export}: a run's trajectories as
 * JSONL, its step metrics as CSV, its HTML page with charts, its verl launch command, and the open
 * trajectory as a self-contained HTML page in the colours on screen. Each runs in the background and
 * writes a temporary file that replaces the target only when complete, so a failed export leaves no file.
 */
public final class ExportViewModel {
    /** The exports of a run. */
    public enum RunExport {
        JSONL("Run's trajectories as JSONL…", "jsonl"),
        METRICS_CSV("Run's step metrics as CSV…", "csv"),
        RUN_HTML("Run as an HTML page with charts…", "html"),
        VERL("Run's config as a verl launch command…", "sh");

        private final String label;
        private final String extension;

        RunExport(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }

        public String label() {
            return label;
        }

        public String extension() {
            return extension;
        }
    }

    /** Writes one export's text. */
    @FunctionalInterface
    private interface Body {
        String write(Writer out) throws IOException;
    }

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;

    public ExportViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Exports run {@code runName} to {@code file}; {@code done} gets "… → file", {@code failed} the reason. */
    public void exportRun(RunExport kind, String runName, Path file, Consumer<String> done, Consumer<String> failed) {
        run(file, out -> {
            RunInfo run = store.findRun(runName).orElseThrow(() -> new IllegalArgumentException("no run named " + runName));
            return switch (kind) {
                case JSONL -> JsonlExporter.export(store, runName, out) + " trajectories of " + runName;
                case METRICS_CSV -> MetricsCsvExporter.export(store.stepMetrics(run.id()), out) + " steps of " + runName;
                case RUN_HTML -> {
                    out.write(RunHtml.render(store, run));
                    yield "the page of " + runName;
                }
                case VERL -> {
                    out.write(VerlLaunchConfig.fromConfigJson(run.configJson()).toCommand());
                    yield "the verl command of " + runName;
                }
            };
        }, done, failed);
    }

    /** Exports a trajectory as a self-contained HTML page, opening in {@code mode} with the scale shown on screen. */
    public void exportTrajectory(Trajectory t, ColorMode mode, ScaleScope scope, ScaleContext context, Path file,
                                 Consumer<String> done, Consumer<String> failed) {
        run(file, out -> {
            out.write(TrajectoryHtml.render(t, mode, scope, context));
            return "trajectory " + t.id();
        }, done, failed);
    }

    private void run(Path file, Body body, Consumer<String> done, Consumer<String> failed) {
        tasks.run(() -> {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
            try {
                String what;
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    what = body.write(w);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return "Exported " + what + " → " + file;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }, done, e -> failed.accept("Export to " + file + " failed: " + e.getMessage()));
    }
}
