package dev.rwb.engine.cli;

import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.StoreException;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rwb runs delete RUN}: deletes a run (by name, or by id when no run has that name) with
 * everything it owns, all or nothing: metrics, trajectories, their text index and its checkpoints.
 * Exit code 0 deleted, 1 the delete failed (nothing changed), 2 no such run.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a run with its metrics, trajectories and checkpoints (all or nothing).")
public final class RunsDeleteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run name, or run id.")
    String run;

    @Mixin
    DbOption db;

    @Override
    public Integer call() {
        try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            Optional<RunInfo> found = store.findRun(run);
            if (found.isEmpty() && run.matches("\\d{1,18}")) {
                long id = Long.parseLong(run);
                found = store.listRuns().stream().map(RunSummary::run).filter(r -> r.id() == id).findFirst();
            }
            if (found.isEmpty()) {
                System.err.println("rwb runs delete: no run '" + run + "' in " + store.file());
                return 2;
            }
            RunInfo r = found.get();
            long trajectories = store.listRuns().stream().filter(s -> s.run().id() == r.id())
                    .mapToLong(RunSummary::trajectories).sum();
            store.deleteRun(r.id());
            System.out.println("deleted run '" + r.name() + "' (id " + r.id() + ", " + trajectories
                    + " trajectories, with its metrics and checkpoints)");
            return 0;
        } catch (StoreException e) {
            System.err.println("rwb runs delete: " + e.getMessage());
            return 1;
        }
    }
}
