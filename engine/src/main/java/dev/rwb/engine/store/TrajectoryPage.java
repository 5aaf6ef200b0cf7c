package dev.rwb.engine.store;

import java.util.List;

/** One page of a query's results and the total number of matching rows. */
public record TrajectoryPage(List<TrajectorySummary> rows, long total) {
}
