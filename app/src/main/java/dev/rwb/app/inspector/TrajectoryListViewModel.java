package dev.rwb.app.inspector;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectoryRows;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;

/**
 * One page of the trajectory table: the store does the filtering, sorting and paging, so the
 * table holds at most {@link #PAGE_SIZE} rows whatever the DB size. A page is read with one row
 * past its end (is there a next page?), never with a count; the count of a filter is computed once,
 * in the background: first up to {@link #QUICK_COUNT_CAP} ("≥ 10,000" above it), then exactly, on
 * the store's counting connection, so paging meanwhile is not held up. A newer request supersedes
 * an older one still in flight (its result is dropped; a stale count is cancelled).
 */
public final class TrajectoryListViewModel {
    /** Rows per page. */
    public static final int PAGE_SIZE = 200;
    /** The quick count stops here: more matches show as "≥ 10,000" until the exact count is in. */
    public static final long QUICK_COUNT_CAP = 10_000;

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<TrajectorySummary> rows = FXCollections.observableArrayList();
    private final ObservableList<TrajectorySummary> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper offset = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private TrajectoryQuery.Builder filter = TrajectoryQuery.builder();
    private TrajectoryQuery.SortField sortField = TrajectoryQuery.SortField.ID;
    private boolean ascending = true;
    private long generation;
    /** Bumped by every new filter: a count of an older filter is dropped. */
    private long filterGeneration;
    /** The longest time a page's rows took to go into the table on the FX thread (our share of a stall). */
    private long longestFxNanos;

    public TrajectoryListViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /**
     * Runs a new filter from the first page; {@code whenLoaded} runs once the page and the quick
     * count are in (the exact count may follow later).
     */
    public void setFilter(TrajectoryQuery.Builder newFilter, Runnable whenLoaded) {
        filter = newFilter;
        long counting = ++filterGeneration;
        store.cancelCounts();
        total.set(-1);
        countText.set("…");
        load(0, page -> count(counting, page, whenLoaded));
    }

    /** Sorts on the server by a column and shows the first page (the count stays: same filter). */
    public void sortBy(TrajectoryQuery.SortField field, boolean asc, Runnable whenLoaded) {
        sortField = field;
        ascending = asc;
        load(0, page -> whenLoaded.run());
    }

    /**
     * Loads the next page if there is one; returns whether it did. It is read by seeking from the
     * shown page's last row (keyset paging), so page 2,500 costs what page 2 costs.
     */
    public boolean nextPage(Runnable whenLoaded) {
        if (!hasMore.get()) {
            return false;
        }
        int next = offset.get() + PAGE_SIZE;
        TrajectoryQuery.Builder b = filter.sort(sortField, ascending);
        if (rows.isEmpty() || !b.build().seekable()) {
            load(b.page(next, PAGE_SIZE).build(), next, r -> whenLoaded.run());
        } else {
            load(b.pageAfter(rows.get(rows.size() - 1), PAGE_SIZE).build(), next, r -> whenLoaded.run());
        }
        return true;
    }

    /** Loads the previous page if there is one; returns whether it did (read by seeking, like the next page). */
    public boolean previousPage(Runnable whenLoaded) {
        if (offset.get() == 0) {
            return false;
        }
        int previous = Math.max(0, offset.get() - PAGE_SIZE);
        TrajectoryQuery.Builder b = filter.sort(sortField, ascending);
        if (rows.isEmpty() || !b.build().seekable() || previous == 0) {
            load(b.page(previous, PAGE_SIZE).build(), previous, r -> whenLoaded.run());
        } else {
            load(b.pageBefore(rows.get(0), PAGE_SIZE).build(), previous, page -> {
                // rows written or deleted meanwhile can shift the pages: a short page before is redone from the start
                if (page.rows().size() < PAGE_SIZE) {
                    load(filter.sort(sortField, ascending).page(0, PAGE_SIZE).build(), 0, r -> whenLoaded.run());
                } else {
                    whenLoaded.run();
                }
            });
        }
        return true;
    }

    private void load(int pageOffset, java.util.function.Consumer<TrajectoryRows> whenLoaded) {
        load(filter.sort(sortField, ascending).page(pageOffset, PAGE_SIZE).build(), pageOffset, whenLoaded);
    }

    /** Reads {@code q} in the background and shows it as the page at {@code pageOffset}. */
    private void load(TrajectoryQuery q, int pageOffset, java.util.function.Consumer<TrajectoryRows> whenLoaded) {
        long mine = ++generation;
        tasks.run(() -> store.rows(q), page -> {
            if (mine != generation) {
                return;
            }
            long start = System.nanoTime();
            error.set("");
            offset.set(pageOffset);
            // a page read backwards tells whether rows precede it; the page it came from follows it
            hasMore.set(q.seek() != null && q.seek().before() || page.hasMore());
            rows.setAll(page.rows());
            longestFxNanos = Math.max(longestFxNanos, System.nanoTime() - start);
            whenLoaded.accept(page);
        }, failure -> error.set("query failed: " + failure.getMessage()));
    }

    /** The first page tells the count when it is the only one; else a capped count, then an exact one. */
    private void count(long counting, TrajectoryRows firstPage, Runnable whenCounted) {
        if (!firstPage.hasMore()) {
            setTotal(firstPage.rows().size());
            whenCounted.run();
            return;
        }
        TrajectoryQuery q = filter.build();
        tasks.run(() -> store.count(q, QUICK_COUNT_CAP), quick -> {
            if (counting != filterGeneration) {
                return;
            }
            if (quick <= QUICK_COUNT_CAP) {
                setTotal(quick);
                whenCounted.run();
                return;
            }
            countText.set("≥ " + grouped(QUICK_COUNT_CAP));
            whenCounted.run();
            tasks.run(() -> store.count(q, Long.MAX_VALUE), exact -> {
                if (counting == filterGeneration) {
                    setTotal(exact);
                }
            }, failure -> countFailed(counting, failure));
        }, failure -> {
            countFailed(counting, failure);
            whenCounted.run();
        });
    }

    private void countFailed(long counting, Throwable failure) {
        if (counting == filterGeneration) {
            countText.set("?");
            error.set("count failed: " + failure.getMessage());
        }
    }

    private void setTotal(long value) {
        // the text first: whoever sees the total change reads the matching text
        countText.set(grouped(value));
        total.set(value);
    }

    private static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** The longest a page took to go into the table on the FX thread since the last reset, in ms. */
    double longestFxMillis() {
        return longestFxNanos / 1e6;
    }

    void resetFxTiming() {
        longestFxNanos = 0;
    }

    public ObservableList<TrajectorySummary> rows() {
        return readOnlyRows;
    }

    /** Number of rows matching the filter (all pages), or −1 while it is being counted. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** The count as shown: "1,234,567", "≥ 10,000" while the exact count runs, "…" before the first. */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    /** Whether a page follows the shown one. */
    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** Index of the first row of the shown page. */
    public ReadOnlyIntegerProperty offsetProperty() {
        return offset.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public TrajectoryQuery.SortField sortField() {
        return sortField;
    }

    public boolean ascending() {
        return ascending;
    }
}
