package dev.rwb.engine.simulate;

import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TrajectoryJsonl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Puts a {@link SampleSet} where users see it: into a workbench DB (runs, step metrics, trajectories) or JSONL files. */
public final class SampleInstaller {
    /** The run kind of sample runs in the DB. */
    public static final String KIND = "sample";

    private SampleInstaller() {
    }

    /**
     * Creates the sample runs with their configs, step metrics and trajectories. Refuses (changing
     * nothing) when a run of the same name exists already.
     *
     * @return the created runs
     */
    public static List<RunInfo> install(WorkbenchStore store, SampleSet samples) {
        for (SampleGenerator.RunSpec spec : SampleGenerator.RUNS) {
            if (store.findRun(spec.name()).isPresent()) {
                throw new IllegalStateException("run '" + spec.name() + "' already exists in " + store.file()
                        + "; delete it first to reinstall the samples");
            }
        }
        List<RunInfo> runs = new ArrayList<>();
        for (SampleGenerator.RunSpec spec : SampleGenerator.RUNS) {
            RunInfo run = store.createRun(spec.name(), KIND, config(spec));
            samples.metrics().get(spec.name()).forEach((step, m) -> store.addStepMetrics(run.id(), step, m));
            runs.add(run);
        }
        store.insertAll(samples.trajectories());
        runs.forEach(r -> store.setRunStatus(r.id(), "finished"));
        runs.forEach(r -> RunLinter.standard().lint(store, r.name(), null));
        return runs;
    }

    /** Writes {@code <run>.jsonl} per run into {@code dir} (created if missing); returns the files. */
    public static List<Path> writeJsonl(Path dir, SampleSet samples) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (SampleGenerator.RunSpec spec : SampleGenerator.RUNS) {
            Path file = dir.resolve(spec.name() + ".jsonl");
            TrajectoryJsonl.write(samples.trajectories(spec.name()), file);
            files.add(file);
        }
        return files;
    }

    /** The run's configuration as stored in the DB: a run config, so the inspector and the verl export read it like a trained run's. */
    static String config(SampleGenerator.RunSpec spec) {
        return RunConfigReader.toJson(spec.config());
    }
}
