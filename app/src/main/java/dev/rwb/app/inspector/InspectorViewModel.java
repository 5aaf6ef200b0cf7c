package dev.rwb.app.inspector;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.app.tokens.TokenMarks;
import dev.rwb.app.tokens.TokenViewModel;
import dev.rwb.engine.drivers.StepBreakdown;
import dev.rwb.engine.drivers.StepDriver;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.SignedRanges;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inspector's main model: the runs, the filter, the page of trajectories, the selected
 * trajectory (shown token by token) and its prompt group.
 */
public final class InspectorViewModel {
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    /** The eval numbers of each run's last step, by run name (runs without groups have none). */
    private final java.util.Map<String, RunEval> runEvals = new java.util.HashMap<>();
    private final ObservableList<String> tasksKnown = FXCollections.observableArrayList();
    private final Set<String> selectedRuns = new LinkedHashSet<>();
    private final FilterViewModel filter = new FilterViewModel();
    private final TrajectoryListViewModel list;
    private final LintViewModel lints;
    private final TagViewModel tags;
    private final TokenViewModel tokens = new TokenViewModel();
    private final ReadOnlyObjectWrapper<TrajectorySummary> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<GroupMember> group = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private long selectionGeneration;
    private final ReadOnlyObjectWrapper<StepBreakdown> breakdown = new ReadOnlyObjectWrapper<>();

    public InspectorViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
        this.list = new TrajectoryListViewModel(store, tasks);
        this.lints = new LintViewModel(store, tasks);
        this.tags = new TagViewModel(store, tasks);
        list.rows().addListener((javafx.collections.ListChangeListener<TrajectorySummary>) c ->
                lints.loadCounts(List.copyOf(list.rows())));
        selected.addListener((obs, old, now) -> {
            lints.loadFindings(now);
            tags.load(now);
        });
        lints.findings().addListener((javafx.collections.ListChangeListener<LintFinding>) c -> markFindings());
        tags.notes().addListener((javafx.collections.ListChangeListener<dev.rwb.engine.store.Note>) c -> markFindings());
        list.errorProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                status.set(now);
            }
        });
        // "≥ 10,000 trajectories match" is set when the first page is in; the exact count comes later
        list.countTextProperty().addListener((obs, old, now) -> {
            if (status.get().equals(matching(old))) {
                status.set(matching(now));
            }
        });
    }

    private static String matching(String count) {
        return count + " trajectories match";
    }

    /** Pins the open trajectory's findings and notes to its tokens: ⚠ for mask lints, ≠ for drift, ✎ for notes. */
    private void markFindings() {
        TrajectorySummary open = selected.get();
        if (open == null) {
            tokens.setMarks(TokenMarks.NONE);
            return;
        }
        TokenMarks.Builder b = TokenMarks.builder(open.id());
        for (LintFinding f : lints.findings()) {
            if (f.trajectoryId() == open.id()) {
                b.mark(f.positions(), f.code().isDrift() ? TokenMarks.Kind.DRIFT : TokenMarks.Kind.LINT,
                        f.code().key());
            }
        }
        for (dev.rwb.engine.store.Note n : tags.notes()) {
            if (n.trajectoryId() == open.id()) {
                List<Integer> span = new ArrayList<>();
                for (int i = n.startToken(); i <= n.endToken(); i++) {
                    span.add(i);
                }
                b.mark(span, TokenMarks.Kind.NOTE, "note: " + n.comment());
            }
        }
        tokens.setMarks(b.build());
    }

    /**
     * Opens the trajectories behind a point of a step-metric curve: only that run and step, sorted by
     * what drives the metric ({@link StepDriver#forMetric}), with the driver's histogram for the step.
     */
    public void openStep(String run, int step, String metric, Runnable whenLoaded) {
        StepDriver driver = StepDriver.forMetric(metric);
        tasks.run(() -> StepBreakdown.of(store, run, step, driver), b -> {
            breakdown.set(b);
            filter.clear();
            filter.setIds(b.ordered(), "step " + step + " of " + run + ", by " + driver.label() + " (largest first)");
            selectedRuns.clear();
            selectedRuns.add(run);
            list.sortBy(TrajectoryQuery.SortField.GIVEN_ORDER, true, () -> applyFilter(whenLoaded));
        }, failure -> status.set("cannot open step " + step + " of " + run + ": " + failure.getMessage()));
    }

    /** {@link #openStep(String, int, String, Runnable)} for a run known by its DB id (the dashboard's). */
    public void openStep(long runId, int step, String metric, Runnable whenLoaded) {
        tasks.run(() -> store.run(runId).name(), name -> openStep(name, step, metric, whenLoaded),
                failure -> status.set("cannot open run #" + runId + ": " + failure.getMessage()));
    }

    /** Keeps only the trajectories of one histogram bar, in the step's driver order. */
    public void filterToBar(StepBreakdown.Bar bar, Runnable whenLoaded) {
        StepBreakdown b = breakdown.get();
        if (b == null) {
            return;
        }
        List<Long> ids = b.ordered().stream().filter(bar.trajectories()::contains).toList();
        filter.setIds(ids, "step " + b.step() + " of " + b.run() + ", " + b.driver().label() + " in "
                + String.format(java.util.Locale.ROOT, "[%.3g, %.3g]", bar.from(), bar.to()) + ": " + ids.size()
                + " trajectories");
        list.sortBy(TrajectoryQuery.SortField.GIVEN_ORDER, true, () -> applyFilter(whenLoaded));
    }

    /** The histogram of the step opened from a curve (null until one is). */
    public ReadOnlyObjectProperty<StepBreakdown> breakdownProperty() {
        return breakdown.getReadOnlyProperty();
    }

    /** Forgets the step breakdown (the histogram is hidden). */
    public void closeBreakdown() {
        breakdown.set(null);
    }

    /** Reloads the run list and the known tasks, then re-runs the current filter. */
    public void refresh(Runnable whenLoaded) {
        tasks.run(() -> {
            List<RunSummary> listed = store.listRuns();
            return new Catalog(listed, store.tasks(), evals(listed));
        }, catalog -> {
            runEvals.clear();
            runEvals.putAll(catalog.evals());
            runs.setAll(catalog.runs());
            tasksKnown.setAll(catalog.tasks());
            applyFilter(whenLoaded);
        }, failure -> status.set("cannot read runs: " + failure.getMessage()));
    }

    private record Catalog(List<RunSummary> runs, List<String> tasks, java.util.Map<String, RunEval> evals) {
    }

    /** The eval numbers of the runs' last steps (a run whose groups cannot be read has none). */
    private java.util.Map<String, RunEval> evals(List<RunSummary> listed) {
        java.util.Map<String, RunEval> out = new java.util.HashMap<>();
        for (RunSummary r : listed) {
            try {
                RunEval.of(store, r).ifPresent(e -> out.put(r.run().name(), e));
            } catch (RuntimeException e) {
                // the list still shows the run, with its counts; Compare → Eval curve says what is wrong
            }
        }
        return out;
    }

    /** The eval numbers of a run's last step (pass@k, pass^k, maj@k, mean@k), or null when it has no groups. */
    public RunEval runEval(String run) {
        return runEvals.get(run);
    }

    /**
     * Deletes a run with everything it owns (metrics, trajectories, checkpoints; all or nothing) in
     * the background, then reloads the run list; the status line says what happened.
     */
    public void deleteRun(RunSummary run, Runnable whenDone) {
        tasks.run(() -> {
            store.deleteRun(run.run().id());
            return run.run().name();
        }, name -> {
            selectedRuns.remove(name);
            status.set("deleted run '" + name + "'");
            refresh(whenDone);
        }, failure -> status.set("cannot delete run '" + run.run().name() + "': " + failure.getMessage()));
    }

    /** Restricts the table to these runs (empty = all runs). */
    public void selectRuns(List<String> runNames, Runnable whenLoaded) {
        StepBreakdown b = breakdown.get();
        if (b != null && !runNames.equals(List.of(b.run()))) {
            // another run chosen: the step's trajectory list no longer applies
            breakdown.set(null);
            filter.clearIds();
        }
        selectedRuns.clear();
        selectedRuns.addAll(runNames);
        applyFilter(whenLoaded);
    }

    /** Runs the filter bar's query from the first page; a field that does not parse shows its error. */
    public void applyFilter(Runnable whenLoaded) {
        TrajectoryQuery.Builder q = filter.toQuery(selectedRuns);
        if (q == null) {
            status.set(filter.errorProperty().get());
            return;
        }
        list.setFilter(q, () -> {
            status.set(matching(list.countTextProperty().get()));
            whenLoaded.run();
        });
    }

    /** The query of the filter bar and the selected runs (all pages), or null while a field does not parse. */
    public TrajectoryQuery.Builder currentQuery() {
        return filter.toQuery(selectedRuns);
    }

    /**
     * Opens a trajectory: loads its tokens, its group and its run's value ranges (for the one
     * scale per run) in the background.
     */
    public void open(TrajectorySummary summary) {
        selected.set(summary);
        long mine = ++selectionGeneration;
        if (summary == null) {
            tokens.trajectoryProperty().set(null);
            group.clear();
            return;
        }
        tasks.run(() -> load(summary), opened -> {
            if (mine != selectionGeneration) {
                return;
            }
            tokens.show(opened.trajectory(), opened.context());
            group.setAll(opened.group());
        }, failure -> status.set("cannot open trajectory " + summary.id() + ": " + failure.getMessage()));
    }

    private record Opened(Trajectory trajectory, List<GroupMember> group, ScaleContext context) {
    }

    private Opened load(TrajectorySummary s) {
        Trajectory shown = store.load(s.id());
        List<TrajectorySummary> summaries = s.groupId().isEmpty() ? List.of(s)
                : store.group(s.run(), s.step(), s.groupId());
        List<GroupMember> members = new ArrayList<>();
        List<Trajectory> loaded = new ArrayList<>();
        for (TrajectorySummary m : summaries) {
            Trajectory t = m.id() == s.id() ? shown : store.load(m.id());
            loaded.add(t);
            members.add(new GroupMember(m, advantageOf(t)));
        }
        SignedRanges run = store.signedRanges(s.run());
        return new Opened(shown, members, ScaleContext.of(s.run(), run.maxAbsAdvantage(), run.maxAbsContribution(),
                loaded));
    }

    private static double advantageOf(Trajectory t) {
        for (int i = 0; i < t.tokens().length(); i++) {
            if (t.tokens().roles()[i].isModelWritten()) {
                return t.tokens().advantages()[i];
            }
        }
        return Double.NaN;
    }

    public ObservableList<RunSummary> runs() {
        return FXCollections.unmodifiableObservableList(runs);
    }

    public ObservableList<String> knownTasks() {
        return FXCollections.unmodifiableObservableList(tasksKnown);
    }

    public FilterViewModel filter() {
        return filter;
    }

    /** The tags and notes of the open trajectory and its run. */
    public TagViewModel tags() {
        return tags;
    }

    /** The mask-lint findings: counts of the page's rows, findings of the open trajectory. */
    public LintViewModel lints() {
        return lints;
    }

    public TrajectoryListViewModel list() {
        return list;
    }

    public TokenViewModel tokens() {
        return tokens;
    }

    public ReadOnlyObjectProperty<TrajectorySummary> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<GroupMember> group() {
        return FXCollections.unmodifiableObservableList(group);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
