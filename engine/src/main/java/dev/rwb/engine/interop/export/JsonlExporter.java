package dev.rwb.engine.interop.export;

import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TrajectoryJsonl;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes stored trajectories as workbench JSONL, in id order, one page at a time (bounded memory).
 * Importing a file written by {@link TrajectoryJsonl} and exporting it again gives the same bytes.
 */
public final class JsonlExporter {
    private static final int PAGE = 200;

    private JsonlExporter() {
    }

    /** Exports the trajectories of one run, or of all runs when {@code run} is null; returns the count. */
    public static long export(WorkbenchStore store, String run, Writer out) throws IOException {
        long written = 0;
        while (true) {
            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().run(run)
                    .sort(TrajectoryQuery.SortField.ID, true).page((int) written, PAGE).build()).rows();
            for (TrajectorySummary row : rows) {
                out.write(TrajectoryJsonl.toLine(store.load(row.id())));
                out.write('\n');
                written++;
            }
            if (rows.size() < PAGE) {
                out.flush();
                return written;
            }
        }
    }
}
