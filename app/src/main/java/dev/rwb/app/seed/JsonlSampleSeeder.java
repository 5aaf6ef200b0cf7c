package dev.rwb.app.seed;

import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import dev.rwb.engine.trajectory.TrajectoryJsonl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeds an empty DB with every {@code *.jsonl} trajectory file of a samples folder (the
 * project's {@code samples/trajectories}), in file-name order, in one transaction.
 */
public final class JsonlSampleSeeder implements SampleSeeder {
    private final Path samplesDir;

    public JsonlSampleSeeder(Path samplesDir) {
        this.samplesDir = samplesDir;
    }

    @Override
    public int seedIfEmpty(WorkbenchStore store) {
        if (!store.listRuns().isEmpty() || !Files.isDirectory(samplesDir)) {
            return 0;
        }
        List<Trajectory> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(samplesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                all.addAll(TrajectoryJsonl.read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read samples in " + samplesDir, e);
        } catch (TrajectoryFormatException e) {
            throw new IllegalStateException("bad sample file in " + samplesDir + ": " + e.getMessage(), e);
        }
        store.insertAll(all);
        return all.size();
    }
}
