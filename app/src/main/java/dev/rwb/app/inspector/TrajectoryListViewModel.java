package dev.rwb.app.inspector;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.TrajectoryPage;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Consumer;

/**
 * One page of the trajectory table: the store does the filtering, sorting and paging, so the
 * table holds at most {@link #PAGE_SIZE} rows whatever the DB size. A newer request supersedes
 * an older one still in flight (its result is dropped).
 */
public final class TrajectoryListViewModel {
    /** Rows per page. */
    public static final int PAGE_SIZE = 200;

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<TrajectorySummary> rows = FXCollections.observableArrayList();
    private final ObservableList<TrajectorySummary> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper offset = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private TrajectoryQuery.Builder filter = TrajectoryQuery.builder();
    private TrajectoryQuery.SortField sortField = TrajectoryQuery.SortField.ID;
    private boolean ascending = true;
    private long generation;

    public TrajectoryListViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Runs a new filter from the first page. */
    public void setFilter(TrajectoryQuery.Builder newFilter, Runnable whenLoaded) {
        filter = newFilter;
        load(0, rows -> whenLoaded.run());
    }

    /** Sorts on the server by a column and shows the first page. */
    public void sortBy(TrajectoryQuery.SortField field, boolean asc, Runnable whenLoaded) {
        sortField = field;
        ascending = asc;
        load(0, rows -> whenLoaded.run());
    }

    /** Loads the next page if there is one; returns whether it did. */
    public boolean nextPage(Runnable whenLoaded) {
        if (offset.get() + PAGE_SIZE >= total.get()) {
            return false;
        }
        load(offset.get() + PAGE_SIZE, r -> whenLoaded.run());
        return true;
    }

    /** Loads the previous page if there is one; returns whether it did. */
    public boolean previousPage(Runnable whenLoaded) {
        if (offset.get() == 0) {
            return false;
        }
        load(Math.max(0, offset.get() - PAGE_SIZE), r -> whenLoaded.run());
        return true;
    }

    private void load(int pageOffset, Consumer<TrajectoryPage> whenLoaded) {
        TrajectoryQuery q = filter.sort(sortField, ascending).page(pageOffset, PAGE_SIZE).build();
        long mine = ++generation;
        tasks.run(() -> store.query(q), page -> {
            if (mine != generation) {
                return;
            }
            error.set("");
            offset.set(pageOffset);
            total.set(page.total());
            rows.setAll(page.rows());
            whenLoaded.accept(page);
        }, failure -> error.set("query failed: " + failure.getMessage()));
    }

    public ObservableList<TrajectorySummary> rows() {
        return readOnlyRows;
    }

    /** Number of rows matching the filter (all pages). */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
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
