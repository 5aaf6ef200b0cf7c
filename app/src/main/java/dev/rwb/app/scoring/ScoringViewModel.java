package dev.rwb.app.scoring;

import dev.rwb.app.models.ModelChoice;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.runs.TrainerEvent;
import dev.rwb.app.runs.TrainerProcess;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.TrajectoryPage;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Inspect → Score with model…: re-scores the open trajectory or every trajectory of the current
 * filter with a Hugging Face model, as a background job with progress. The scoring runs in a child
 * JVM ({@code rwb score --progress}), so the GUI never loads DJL; the child writes the scores into
 * the DB and reports one step per trajectory.
 */
public final class ScoringViewModel {
    private static final int STDERR_LINES = 8;

    private final WorkbenchStore store;
    private final Path db;
    private final BackgroundTasks tasks;
    private final TrainerCommandLine commandLine;
    private final Executor uiThread;
    private final Callable<List<ModelChoice>> cacheListing;

    private final StringProperty model = new SimpleStringProperty("");
    private final ObjectProperty<ScoreTarget> target = new SimpleObjectProperty<>(ScoreTarget.OPEN_TRAJECTORY);
    private final BooleanProperty asReference = new SimpleBooleanProperty(false);
    private final ObservableList<ModelChoice> cached = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private TrainerProcess process;

    /**
     * @param cacheListing lists the loadable models of the user's Hugging Face cache (runs in the background)
     * @param uiThread {@code Platform::runLater} in the app
     */
    public ScoringViewModel(WorkbenchStore store, Path db, BackgroundTasks tasks, TrainerCommandLine commandLine,
                            Executor uiThread, Callable<List<ModelChoice>> cacheListing) {
        this.store = store;
        this.db = db;
        this.tasks = tasks;
        this.commandLine = commandLine;
        this.uiThread = uiThread;
        this.cacheListing = cacheListing;
    }

    /** Loads the HF cache list in the background. */
    public void loadCache() {
        tasks.run(cacheListing, cached::setAll, failure -> status.set("cannot list the Hugging Face cache: " + failure.getMessage()));
    }

    /**
     * Starts scoring. {@code openTrajectory} is the id open in the inspector (or -1) and
     * {@code filter} the inspector's current query (or null); the target property picks one.
     */
    public void start(long openTrajectory, Supplier<TrajectoryQuery.Builder> filter, Runnable whenDone) {
        if (running.get()) {
            return;
        }
        String spec = model.get() == null ? "" : model.get().strip();
        if (spec.isEmpty()) {
            status.set("Choose a model: a folder or an entry of the Hugging Face cache.");
            return;
        }
        if (target.get() == ScoreTarget.OPEN_TRAJECTORY && openTrajectory < 0) {
            status.set("No trajectory is open; open one or score the current filter.");
            return;
        }
        running.set(true);
        progress.set(-1);
        status.set("Finding the trajectories…");
        boolean reference = asReference.get();
        ScoreTarget t = target.get();
        tasks.run(() -> t == ScoreTarget.OPEN_TRAJECTORY ? List.of(openTrajectory) : matching(filter.get()),
                ids -> launch(spec, ids, reference, whenDone),
                failure -> finish("Cannot list the trajectories: " + failure.getMessage()));
    }

    /** Ids of every trajectory the query matches, page by page. */
    private List<Long> matching(TrajectoryQuery.Builder query) {
        if (query == null) {
            throw new IllegalArgumentException("the filter does not parse");
        }
        List<Long> ids = new ArrayList<>();
        int page = 1000;
        for (int offset = 0; ; offset += page) {
            TrajectoryPage p = store.query(query.page(offset, page).build());
            for (TrajectorySummary s : p.rows()) {
                ids.add(s.id());
            }
            if (p.rows().size() < page) {
                return ids;
            }
        }
    }

    private void launch(String spec, List<Long> ids, boolean reference, Runnable whenDone) {
        if (ids.isEmpty()) {
            finish("The filter matches no trajectories.");
            return;
        }
        try {
            Path list = Files.createTempFile("rwb-score-", ".ids");
            list.toFile().deleteOnExit();
            StringBuilder text = new StringBuilder();
            ids.forEach(id -> text.append(id).append('\n'));
            Files.writeString(list, text);
            stderrTail.clear();
            status.set("Loading " + spec + " to score " + ids.size() + (ids.size() == 1 ? " trajectory…" : " trajectories…"));
            process = TrainerProcess.start(commandLine.score(spec, db, list, reference), new Listener(ids.size(), whenDone));
        } catch (IOException e) {
            finish("Cannot start rwb score: " + e.getMessage());
        }
    }

    /** Stops a running job (the trajectories already scored keep their scores). */
    public void cancel() {
        if (process != null && process.isAlive()) {
            process.stop(java.time.Duration.ofSeconds(2));
        }
    }

    private void finish(String message) {
        running.set(false);
        status.set(message);
    }

    /** Receives the child's progress protocol on background threads and hands it to the UI thread. */
    private final class Listener implements TrainerProcess.Listener {
        private final int total;
        private final Runnable whenDone;
        private volatile String endOutcome;
        private volatile String endMessage;
        private volatile int done;

        Listener(int total, Runnable whenDone) {
            this.total = total;
            this.whenDone = whenDone;
        }

        @Override
        public void event(TrainerEvent e) {
            if (e.type() == TrainerEvent.Type.STEP) {
                done = e.step();
                int steps = e.steps() > 0 ? e.steps() : total;
                uiThread.execute(() -> {
                    progress.set(done / (double) steps);
                    status.set("Scored " + done + " of " + steps);
                });
            } else if (e.type() == TrainerEvent.Type.END) {
                endOutcome = e.outcome();
                endMessage = e.message();
            }
        }

        @Override
        public void stdoutText(String line) {
            // Not part of the protocol: nothing to show.
        }

        @Override
        public void stderrLine(String line) {
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                while (stderrTail.size() > STDERR_LINES) {
                    stderrTail.removeFirst();
                }
            }
        }

        @Override
        public void exited(int exitCode) {
            String tail;
            synchronized (stderrTail) {
                tail = stderrTail.isEmpty() ? "" : stderrTail.peekLast();
            }
            String message;
            if (exitCode == 0 && "finished".equals(endOutcome)) {
                message = "Scored " + total + (total == 1 ? " trajectory" : " trajectories") + " with " + model.get() + ".";
            } else {
                String why = endMessage != null ? endMessage : tail;
                message = "Scoring failed after " + done + " of " + total + " (exit " + exitCode + "): " + why;
            }
            uiThread.execute(() -> {
                progress.set(exitCode == 0 ? 1 : progress.get());
                finish(message);
                whenDone.run();
            });
        }
    }

    public StringProperty modelProperty() {
        return model;
    }

    public ObjectProperty<ScoreTarget> targetProperty() {
        return target;
    }

    public BooleanProperty asReferenceProperty() {
        return asReference;
    }

    /** The loadable models of the user's Hugging Face cache. */
    public ObservableList<ModelChoice> cachedModels() {
        return cached;
    }

    /** Fraction of trajectories scored, or -1 (indeterminate) while the model loads. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
