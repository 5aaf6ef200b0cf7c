package dev.rwb.app.inspector;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.store.StoredLint;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.util.List;
import java.util.Map;

/**
 * The stored mask-lint findings the inspector shows: a count per row of the page (the "lints"
 * column) and the findings of the open trajectory (one line each under the token view).
 */
public final class LintViewModel {
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableMap<Long, Integer> counts = FXCollections.observableHashMap();
    private final ObservableList<LintFinding> findings = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyLongWrapper countsVersion = new javafx.beans.property.ReadOnlyLongWrapper();
    private long countsGeneration;
    private long findingsGeneration;

    public LintViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Loads the finding counts of the rows on the page (a newer page supersedes an older one). */
    public void loadCounts(List<TrajectorySummary> rows) {
        long mine = ++countsGeneration;
        List<Long> ids = rows.stream().map(TrajectorySummary::id).toList();
        tasks.run(() -> store.lintCounts(ids), loaded -> {
            if (mine == countsGeneration) {
                replace(loaded);
            }
        }, failure -> replace(Map.of()));
    }

    /** Loads the findings of the open trajectory (none when {@code summary} is null). */
    public void loadFindings(TrajectorySummary summary) {
        long mine = ++findingsGeneration;
        if (summary == null) {
            findings.clear();
            return;
        }
        tasks.run(() -> store.lintsOf(summary.id()).stream().map(StoredLint::finding).toList(), loaded -> {
            if (mine == findingsGeneration) {
                findings.setAll(loaded);
            }
        }, failure -> findings.clear());
    }

    /** Number of findings of a trajectory on the page (0 when it has none). */
    public int count(long trajectoryId) {
        return counts.getOrDefault(trajectoryId, 0);
    }

    /** Finding counts of the page's rows, by trajectory id (rows without findings are absent). */
    public ObservableMap<Long, Integer> counts() {
        return counts;
    }

    /** The open trajectory's findings. */
    public ObservableList<LintFinding> findings() {
        return findings;
    }

    /**
     * Bumped once whenever the page's counts change: the table's lint cells redraw on it (the map fires
     * once per row, and the table's refresh() would recreate every visible cell).
     */
    public javafx.beans.property.ReadOnlyLongProperty countsVersionProperty() {
        return countsVersion.getReadOnlyProperty();
    }

    private void replace(Map<Long, Integer> loaded) {
        if (counts.equals(loaded)) {
            return;
        }
        counts.clear();
        counts.putAll(loaded);
        countsVersion.set(countsVersion.get() + 1);
    }
}
