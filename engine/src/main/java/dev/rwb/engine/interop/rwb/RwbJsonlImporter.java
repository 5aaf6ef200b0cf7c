package dev.rwb.engine.interop.rwb;

import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.TrajectoryWork;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import dev.rwb.engine.trajectory.TrajectoryJsonl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The workbench's own JSONL, validated line by line by {@link TrajectoryJsonl}; a run name in the
 * options replaces the run named in each line.
 */
public final class RwbJsonlImporter implements Importer {
    @Override
    public ImportFormat format() {
        return ImportFormat.RWB;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        readDeferred(source, options, work -> sink.accept(work.build()));
    }

    @Override
    public void readDeferred(Path source, ImportOptions options, TrajectoryWork.Sink sink)
            throws IOException, TrajectoryFormatException {
        String name = source.getFileName().toString();
        JsonLines.forEachLineMetered(source, name, (line, no) -> sink.accept(() -> {
            Trajectory t = TrajectoryJsonl.parseLine(line, name, no);
            if (options.runName() != null && !options.runName().isBlank()) {
                t = new Trajectory(0, options.runName(), t.step(), t.promptId(), t.groupId(), t.sampleIndex(),
                        t.task(), t.groundTruth(), t.finalAnswer(), t.reward(), t.rewardComponents(), t.correct(),
                        t.finishReason(), t.numToolCalls(), t.textOnly(), t.policySegments(), t.tokens(),
                        t.toolError(), t.verifierError());
            }
            return t;
        }));
    }
}
