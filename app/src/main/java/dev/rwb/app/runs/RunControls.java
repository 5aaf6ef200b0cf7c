package dev.rwb.app.runs;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Launch, stop and resume buttons, the progress bar with step/total and ETA, the error box
 * (exit code and the last lines of stderr) and the log panel of a {@link RunSession}.
 */
public final class RunControls extends VBox {
    private final Button launch = new Button("Launch");
    private final Button stop = new Button("Stop");
    private final Button resume = new Button("Resume");
    private final Label error = new Label();
    private final ListView<String> log = new ListView<>();

    public RunControls(RunSession session) {
        setSpacing(6);
        setPadding(new Insets(6));
        launch.setId("run-launch");
        stop.setId("run-stop");
        resume.setId("run-resume");
        launch.setDefaultButton(true);
        launch.getStyleClass().add("accent");
        stop.getStyleClass().add("danger");
        ProgressBar bar = new ProgressBar();
        bar.setId("run-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.progressProperty().bind(session.progressProperty());
        Label progress = new Label();
        progress.setId("run-progress-text");
        progress.textProperty().bind(session.progressTextProperty());
        progress.setMinWidth(260);
        Label state = new Label();
        state.setId("run-state");
        state.textProperty().bind(Bindings.createStringBinding(() -> session.stateProperty().get().name().toLowerCase()
                + (session.runNameProperty().get().isEmpty() ? "" : " · " + session.runNameProperty().get()),
                session.stateProperty(), session.runNameProperty()));
        state.getStyleClass().add("run-state");
        HBox buttons = new HBox(6, launch, stop, resume, state);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox progressRow = new HBox(8, bar, progress);
        progressRow.setAlignment(Pos.CENTER_LEFT);

        error.setId("run-error");
        error.getStyleClass().add("run-error");
        error.setWrapText(true);
        // Never squeeze the error to one line: its stderr tail is the point.
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(session.errorProperty());
        error.visibleProperty().bind(session.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        log.setId("run-log");
        log.setItems(session.log());
        log.getStyleClass().add("run-log");
        log.setPrefHeight(160);
        log.setFixedCellSize(20);
        // Follow the tail while lines arrive, unless the user scrolled up to read.
        TailFollower.attach(log);
        VBox.setVgrow(log, Priority.ALWAYS);

        stop.disableProperty().bind(Bindings.createBooleanBinding(
                () -> session.stateProperty().get() != RunState.RUNNING && session.stateProperty().get() != RunState.STARTING,
                session.stateProperty()));
        getChildren().addAll(buttons, progressRow, error, new Label("Trainer log (stderr)"), log);
    }

    public Button launchButton() {
        return launch;
    }

    public Button stopButton() {
        return stop;
    }

    public Button resumeButton() {
        return resume;
    }
}
