package dev.rwb.engine.store;

import java.util.List;

/**
 * One page of a query's results without a count: the rows and whether more follow, found by
 * reading one row past the page, so paging through a million rows never counts them all.
 */
public record TrajectoryRows(List<TrajectorySummary> rows, boolean hasMore) {
    public TrajectoryRows {
        rows = List.copyOf(rows);
    }
}
