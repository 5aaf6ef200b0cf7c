package dev.rwb.engine.cli;

import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rwb import FILE --db DB}: reads and validates the whole file first, then stores it in one
 * transaction, so a bad line imports nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import trajectories (workbench JSONL) into the database: all or nothing.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .jsonl file of trajectories.")
    Path file;

    @Mixin
    DbOption db;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            System.err.println("rwb import: " + file + ": no such file");
            return 2;
        }
        List<Trajectory> trajectories;
        try {
            trajectories = TrajectoryJsonl.read(file);
        } catch (TrajectoryFormatException e) {
            System.err.println("rwb import: nothing imported: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("rwb import: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            store.insertAll(trajectories);
        } catch (RuntimeException e) {
            System.err.println("rwb import: nothing imported: " + e.getMessage());
            return 1;
        }
        long runs = trajectories.stream().map(Trajectory::run).distinct().count();
        System.err.println("rwb import: " + trajectories.size() + " trajectories of " + runs + " run(s) from "
                + file + " into " + db.resolve());
        return 0;
    }
}
