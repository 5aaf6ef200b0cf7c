package dev.rwb.engine.store;

import dev.rwb.engine.store.TrajectoryQuery.SortField;

import java.util.ArrayList;
import java.util.List;

/**
 * The conditions that read a page by seeking (keyset paging, {@link TrajectoryQuery.Seek}): the
 * rows after a given row in the order {@code (sort column, id)}, written as a row-value range
 * {@code (column, t.id) > (?, ?)} that the sort column's index (which ends in the rowid) serves
 * directly, so a page deep in the order costs what the first page costs.
 *
 * <p>Reward is the one nullable sort column (a dump without rewards) and SQLite orders NULL first;
 * a row-value comparison with NULL is never true, so the order splits into two runs of the index:
 * the NULL rewards (by id) and the others (by reward, id). A seek reads the rest of its row's run,
 * then, if the page is not full, the following run from its start. Each {@link Segment} is one run.
 */
final class SeekSql {

    /** One condition to read in order, with its parameters. */
    record Segment(String sql, List<Object> params) {
    }

    private SeekSql() {
    }

    /**
     * The segments to read, in order, for the rows after {@code row} when the query is read
     * {@code ascending} (a page before a row reads the opposite direction and reverses it).
     */
    static List<Segment> after(SortField sort, boolean ascending, TrajectorySummary row) {
        String op = ascending ? ">" : "<";
        List<Segment> out = new ArrayList<>();
        switch (sort) {
            case ID, GIVEN_ORDER -> out.add(new Segment("t.id " + op + " ?", List.of(row.id())));
            case REWARD -> {
                boolean nullKey = !row.hasReward();
                if (ascending && nullKey) {
                    // NULL rewards come first: the rest of them, then every non-NULL reward
                    out.add(new Segment("t.reward IS NULL AND t.id > ?", List.of(row.id())));
                    out.add(new Segment("t.reward IS NOT NULL", List.of()));
                } else if (ascending) {
                    out.add(new Segment("(t.reward, t.id) > (?, ?)", List.of(row.reward(), row.id())));
                } else if (nullKey) {
                    out.add(new Segment("t.reward IS NULL AND t.id < ?", List.of(row.id())));
                } else {
                    // descending, the NULL rewards come last
                    out.add(new Segment("(t.reward, t.id) < (?, ?)", List.of(row.reward(), row.id())));
                    out.add(new Segment("t.reward IS NULL", List.of()));
                }
            }
            default -> out.add(new Segment("(" + sort.column + ", t.id) " + op + " (?, ?)", List.of(key(sort, row), row.id())));
        }
        return out;
    }

    /** The value of a not-null sort column in a row of the table. */
    private static Object key(SortField sort, TrajectorySummary row) {
        return switch (sort) {
            case STEP -> row.step();
            case LENGTH -> row.length();
            case TOOL_CALLS -> row.numToolCalls();
            case TASK -> row.task();
            default -> throw new IllegalArgumentException("no key for " + sort);
        };
    }
}
