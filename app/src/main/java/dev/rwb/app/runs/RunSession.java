package dev.rwb.app.runs;

import dev.rwb.app.task.UiBatcher;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * View model of one trainer child process at a time: launch, stop, resume, and the progress,
 * log and error that the runs screen shows. Process output arrives on background threads and is
 * applied on the UI thread in batches ({@link UiBatcher}); every property changes on the UI thread.
 */
public final class RunSession {
    static final int LOG_LINES = 2000;
    static final int ERROR_TAIL_LINES = 12;
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final TrainerCommandLine commandLine;
    private final Path db;
    private final Path configFolder;
    private final UiBatcher ui;
    private final ConcurrentLinkedQueue<String> pendingLog = new ConcurrentLinkedQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
    private final ReadOnlyLongWrapper runId = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyStringWrapper runName = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("No run launched");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper resumable = new ReadOnlyBooleanWrapper(false);
    /** The last step the trainer reported done, its total, and the step of its newest checkpoint (-1: none). */
    private int lastStep;
    private int totalSteps = -1;
    private int checkpointStep = -1;
    /** The last warm-start progress line ("warm start 300/2000"), null once RL began or when there was none. */
    private String warmStartAt;
    private TrainerProcess process;
    private boolean stopRequested;
    private String endOutcome;
    private String endMessage;

    /**
     * @param configFolder where launched configurations are written (the trainer reads a file)
     * @param uiThread {@code Platform::runLater} in the app
     */
    public RunSession(TrainerCommandLine commandLine, Path db, Path configFolder, Executor uiThread) {
        this.commandLine = commandLine;
        this.db = db;
        this.configFolder = configFolder;
        this.ui = new UiBatcher(uiThread);
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The DB id of the running (or last) run, -1 before the trainer announced it. */
    public ReadOnlyLongProperty runIdProperty() {
        return runId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runNameProperty() {
        return runName.getReadOnlyProperty();
    }

    /** Fraction of steps done, or -1 (indeterminate) while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The phase and where it stands: "warm start 300/2000 · ETA 6 min", then "RL step 12/50 · ETA 1 min 05 s". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /**
     * Whether the session's run has a checkpoint to resume from: the trainer checkpoints step 0
     * before it reports "started" (a fresh run) or resumes from one; later checkpoints arrive with
     * their step's metrics.
     */
    public ReadOnlyBooleanProperty resumableProperty() {
        return resumable.getReadOnlyProperty();
    }

    /** The step of the session run's newest checkpoint, or -1 when it has none. */
    public int checkpointStep() {
        return checkpointStep;
    }

    /** Why the last run failed: exit code and the last lines of its error output; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The trainer's stderr lines (and any non-protocol stdout), newest last, capped. */
    public ObservableList<String> log() {
        return FXCollections.unmodifiableObservableList(log);
    }

    /** The longest time one batch of process updates held the UI thread since {@link #resetUiTiming}. */
    public double longestUiBatchMillis() {
        return ui.longestBatchMillis();
    }

    public void resetUiTiming() {
        ui.resetLongestBatch();
    }

    /** Writes the configuration to a file and starts {@code rwb train --config FILE --db DB}. */
    public void launch(String configJson, String name) throws IOException {
        Files.createDirectories(configFolder);
        Path file = configFolder.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + System.currentTimeMillis() + ".json");
        Files.writeString(file, configJson);
        start(commandLine.train(file, db), name);
    }

    /** Starts {@code rwb train --resume RUN_ID --db DB}. */
    public void resume(long id, String name) throws IOException {
        start(commandLine.resume(id, db), name);
    }

    private void start(List<String> command, String name) throws IOException {
        if (state.get().active()) {
            throw new IllegalStateException("a run is already active: " + runName.get());
        }
        reset(name);
        process = TrainerProcess.start(command, new Listener());
        // Log what was run without the (long) classpath: "$ rwb train --config … --db …".
        appendLog("$ rwb " + String.join(" ", command.subList(command.indexOf("-cp") + 3, command.size())));
    }

    private void reset(String name) {
        stopRequested = false;
        endOutcome = null;
        endMessage = null;
        stderrTail.clear();
        log.clear();
        runId.set(-1);
        runName.set(name);
        lastStep = 0;
        totalSteps = -1;
        checkpointStep = -1;
        warmStartAt = null;
        resumable.set(false);
        error.set("");
        progress.set(-1);
        progressText.set("Starting the trainer…");
        state.set(RunState.STARTING);
    }

    /** Asks the trainer to stop, then kills it after {@link #STOP_GRACE}. */
    public void stop() {
        if (process != null && state.get().active()) {
            stopRequested = true;
            state.set(RunState.STOPPING);
            progressText.set("Stopping…");
            process.stop(STOP_GRACE);
        }
    }

    private void appendLog(String line) {
        log.add(line);
        if (log.size() > LOG_LINES) {
            log.remove(0, log.size() - LOG_LINES);
        }
    }

    private void onEvent(TrainerEvent e) {
        switch (e.type()) {
            case WARM_START -> {
                if (e.runId() >= 0 && runId.get() < 0) {
                    runId.set(e.runId());
                }
                if (!stopRequested) {
                    state.set(RunState.RUNNING);
                }
                TrainerEvent.WarmStart w = e.warmStart();
                warmStartAt = ProgressText.warmStart(w.phase(), w.phases(), e.step(), e.steps(), Double.NaN);
                // the bar runs through the warm start's phases, then again through the RL steps
                if (e.steps() > 0 && w.phases() > 0) {
                    progress.set(Math.min(1.0, ((w.phase() - 1) + e.step() / (double) e.steps()) / w.phases()));
                }
                progressText.set(ProgressText.warmStart(w.phase(), w.phases(), e.step(), e.steps(), e.etaSeconds()));
            }
            case START -> {
                warmStartAt = null;
                if (e.runId() >= 0) {
                    runId.set(e.runId());
                }
                if (e.run() != null) {
                    runName.set(e.run());
                }
                if (!stopRequested) {
                    state.set(RunState.RUNNING);
                }
                // started ⇒ the step before the first one is checkpointed (step 0, or the resumed one)
                int first = Math.max(1, e.step());
                lastStep = first - 1;
                totalSteps = e.steps();
                checkpointAt(first - 1);
                progress.set(e.steps() > 0 ? lastStep / (double) e.steps() : 0);
                progressText.set(e.steps() > 0 ? "RL step " + lastStep + "/" + e.steps() : "started");
            }
            case STEP -> {
                if (e.runId() >= 0 && runId.get() < 0) {
                    runId.set(e.runId());
                }
                lastStep = Math.max(lastStep, e.step());
                totalSteps = e.steps();
                Double checkpoint = e.metrics().get("checkpoint");
                if (checkpoint != null) {
                    checkpointAt(checkpoint.intValue());
                }
                if (e.steps() > 0) {
                    // rwb train numbers steps 1..steps: step s done ⇒ s of `steps`.
                    progress.set(Math.max(0, Math.min(1.0, e.step() / (double) e.steps())));
                }
                progressText.set(ProgressText.of(e.step(), e.steps(), e.etaSeconds()));
            }
            case END -> {
                endOutcome = e.outcome();
                endMessage = e.message();
            }
            case RUN -> {
                // rwb train's first line names the run before its slow warm start: show it at once
                if (e.runId() >= 0 && runId.get() < 0) {
                    runId.set(e.runId());
                }
            }
            case OTHER -> { }
        }
    }

    private void checkpointAt(int step) {
        checkpointStep = Math.max(checkpointStep, step);
        resumable.set(checkpointStep >= 0);
    }

    private void onExit(int code) {
        process = null;
        if (stopRequested) {
            state.set(RunState.STOPPED);
            // a determinate bar at the steps done: an indeterminate one would keep animating
            progress.set(totalSteps > 0 ? Math.min(1.0, lastStep / (double) totalSteps) : 0);
            progressText.set(stoppedText());
        } else if (code == 0 && !"failed".equals(endOutcome)) {
            state.set(RunState.FINISHED);
            progress.set(1);
            progressText.set("finished: " + runName.get());
        } else {
            state.set(RunState.FAILED);
            progress.set(0);
            progressText.set("failed: " + runName.get());
            error.set("The trainer exited with code " + code
                    + (endMessage == null ? "" : ": " + endMessage)
                    + (stderrTail.isEmpty() ? "" : "\nLast lines of its error output:\n" + String.join("\n", stderrTail)));
        }
    }

    /** "stopped at step 7 of 25 · checkpoint at step 5 (Resume continues there)", or that nothing can be resumed. */
    String stoppedText() {
        String at = warmStartAt != null ? "stopped in the " + warmStartAt
                : "stopped at step " + lastStep + (totalSteps > 0 ? " of " + totalSteps : "");
        return checkpointStep >= 0
                ? at + " · checkpoint at step " + checkpointStep + " (Resume continues there)"
                : at + " · no checkpoint yet: nothing to resume";
    }

    /** Runs on the trainer's reader threads: queue, never touch properties here. */
    private final class Listener implements TrainerProcess.Listener {
        @Override
        public void event(TrainerEvent e) {
            ui.post(() -> onEvent(e));
        }

        @Override
        public void stdoutText(String line) {
            logLater(line);
        }

        @Override
        public void stderrLine(String line) {
            logLater(line);
            ui.post(() -> {
                stderrTail.addLast(line);
                while (stderrTail.size() > ERROR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
            });
        }

        @Override
        public void exited(int exitCode) {
            ui.post(() -> onExit(exitCode));
        }

        private void logLater(String line) {
            pendingLog.add(line);
            ui.post(RunSession.this::flushLog);
        }
    }

    private void flushLog() {
        List<String> lines = new ArrayList<>();
        for (String l = pendingLog.poll(); l != null; l = pendingLog.poll()) {
            lines.add(l);
        }
        if (!lines.isEmpty()) {
            log.addAll(lines);
            if (log.size() > LOG_LINES) {
                log.remove(0, log.size() - LOG_LINES);
            }
        }
    }
}
