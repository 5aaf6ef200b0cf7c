package dev.rwb.app.compare;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.diff.TrajectoryDiff;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token diff's model: two runs, their trajectories paired by prompt id (or, for one run, the
 * first two samples of each group), and the diff of the chosen pair with the value it is coloured by.
 */
public final class TrajectoryDiffViewModel {
    /** Trajectories read per run when pairing (the pairs of a larger run are those of its first rows). */
    static final int PAIRING_LIMIT = 20_000;

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<String> runs = FXCollections.observableArrayList();
    private final ObservableList<Pair> pairs = FXCollections.observableArrayList();
    private final ObjectProperty<TrajectoryDiff.Value> value = new SimpleObjectProperty<>(TrajectoryDiff.Value.LOGPROB);
    private final ReadOnlyObjectWrapper<TrajectoryDiff> diff = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose run A and run B, then Pair.");
    private long generation;

    /** Two trajectories of the same prompt: {@code a} from run A, {@code b} from run B (or another sample). */
    public record Pair(String promptId, TrajectorySummary a, TrajectorySummary b) {
        /** One line for the pair list. */
        public String describe() {
            return promptId + "   A #" + a.id() + " (step " + a.step() + ", r " + fmt(a.reward()) + ")   B #" + b.id()
                    + " (step " + b.step() + ", r " + fmt(b.reward()) + ")";
        }

        private static String fmt(double r) {
            return Double.isNaN(r) ? "—" : String.format(java.util.Locale.ROOT, "%.2f", r);
        }
    }

    public TrajectoryDiffViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Reloads the run names. */
    public void refreshRuns(Runnable whenLoaded) {
        tasks.run(() -> store.listRuns().stream().map(RunSummary::run).map(r -> r.name()).toList(), names -> {
            // the screen refreshes every few seconds: a setAll would clear the run A, run B and eval-curve
            // choices the user just made when a new run shifts them
            dev.rwb.app.ObservableLists.updateInPlace(runs, names);
            whenLoaded.run();
        }, e -> status.set("Cannot list runs: " + e.getMessage()));
    }

    /**
     * Pairs run A's trajectories with run B's by prompt id (each prompt's first trajectory in each
     * run); with A = B, the first two samples of each group of the run.
     */
    public void pair(String runA, String runB, Runnable whenLoaded) {
        if (runA == null || runB == null) {
            status.set("Choose run A and run B.");
            return;
        }
        tasks.run(() -> runA.equals(runB) ? samplePairs(runA) : promptPairs(runA, runB), loaded -> {
            pairs.setAll(loaded);
            status.set(loaded.size() + (runA.equals(runB) ? " groups of " + runA + " with two samples"
                    : " prompts in both " + runA + " and " + runB));
            whenLoaded.run();
        }, e -> status.set("Cannot pair: " + e.getMessage()));
    }

    private List<TrajectorySummary> rows(String run) {
        return store.query(TrajectoryQuery.builder().run(run).sort(TrajectoryQuery.SortField.ID, true)
                .page(0, PAIRING_LIMIT).build()).rows();
    }

    private List<Pair> promptPairs(String runA, String runB) {
        Map<String, TrajectorySummary> inB = new LinkedHashMap<>();
        for (TrajectorySummary s : rows(runB)) {
            inB.putIfAbsent(s.promptId(), s);
        }
        Map<String, Pair> out = new LinkedHashMap<>();
        for (TrajectorySummary s : rows(runA)) {
            TrajectorySummary other = inB.get(s.promptId());
            if (!s.promptId().isEmpty() && other != null) {
                out.putIfAbsent(s.promptId(), new Pair(s.promptId(), s, other));
            }
        }
        return new ArrayList<>(out.values());
    }

    private List<Pair> samplePairs(String run) {
        Map<String, List<TrajectorySummary>> groups = new LinkedHashMap<>();
        for (TrajectorySummary s : rows(run)) {
            if (!s.groupId().isEmpty()) {
                groups.computeIfAbsent(s.step() + "/" + s.groupId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Pair> out = new ArrayList<>();
        for (List<TrajectorySummary> g : groups.values()) {
            if (g.size() >= 2) {
                out.add(new Pair(g.get(0).promptId(), g.get(0), g.get(1)));
            }
        }
        return out;
    }

    /** Loads both trajectories of a pair and aligns them. */
    public void open(Pair pair, Runnable whenLoaded) {
        long mine = ++generation;
        tasks.run(() -> TrajectoryDiff.of(store.load(pair.a().id()), store.load(pair.b().id())), d -> {
            if (mine != generation) {
                return;
            }
            diff.set(d);
            status.set(String.format(java.util.Locale.ROOT,
                    "%s: %d aligned (common prefix %d), %d only in B, %d only in A; mean |%s| %.4g",
                    pair.promptId(), d.alignedCount(), d.alignment().prefix(), d.insertedCount(), d.deletedCount(),
                    value.get().label(), d.meanAbsDelta(value.get())));
            whenLoaded.run();
        }, e -> status.set("Cannot open the pair: " + e.getMessage()));
    }

    public ObservableList<String> runs() {
        return runs;
    }

    public ObservableList<Pair> pairs() {
        return pairs;
    }

    /** The per-token value the aligned tokens are coloured by (Δ = B − A). */
    public ObjectProperty<TrajectoryDiff.Value> valueProperty() {
        return value;
    }

    public ReadOnlyObjectProperty<TrajectoryDiff> diffProperty() {
        return diff.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
