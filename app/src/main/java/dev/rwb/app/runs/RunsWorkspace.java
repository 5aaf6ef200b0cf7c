package dev.rwb.app.runs;

import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The "Train" screen: configure a run (form, presets, mask-policy editor with preview), launch
 * {@code rwb train} as a child JVM, watch its progress, log and live curves, stop or resume it.
 *
 * <p>Mount it as a tab: {@code new Tab("Train", new RunsWorkspace(store.file(), new DashboardView(new
 * DashboardViewModel(store, tasks, Platform::runLater)), TrainerCommandLine.ofThisJvm(),
 * home.resolve("samples/configs"), dataDir.resolve("configs")))};
 * call {@link #close()} on exit (stops polling; a running trainer is left to finish).
 */
public final class RunsWorkspace extends BorderPane implements AutoCloseable {
    private final ConfigDocument document = new ConfigDocument();
    private final RunSession session;
    private final DashboardView dashboard;
    private final RunControls controls;
    private final ConfigForm form;
    private final Label notice = new Label();
    /** Names launched from this window, in case the dashboard's run list has not caught up yet. */
    private final Set<String> launchedNames = new HashSet<>();

    /**
     * @param db the DB file the trainer writes to
     * @param dashboard the live curves of the run launched or chosen
     * @param presets folder of preset configurations (may be missing: then only the defaults)
     * @param configFolder where launched configurations are written for the trainer to read
     */
    public RunsWorkspace(Path db, DashboardView dashboard, TrainerCommandLine trainer, Path presets, Path configFolder) {
        getStylesheets().add(stylesheet());
        session = new RunSession(trainer, db, configFolder, Platform::runLater);
        this.dashboard = dashboard;
        controls = new RunControls(session);
        MaskPolicyEditor mask = new MaskPolicyEditor(document, PreviewTrajectory.sample());
        form = new ConfigForm(document, mask);

        ScrollPane formScroll = new ScrollPane(new VBox(6, presetBar(presets), form));
        formScroll.setFitToWidth(true);
        formScroll.setPrefWidth(480);
        formScroll.setMinWidth(380);
        SplitPane right = new SplitPane(dashboard, controls);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.7);
        SplitPane split = new SplitPane(formScroll, right);
        split.setDividerPositions(0.33);
        notice.setId("runs-notice");
        notice.getStyleClass().add("status-bar");
        setCenter(split);
        setBottom(notice);

        controls.launchButton().disableProperty().bind(Bindings.createBooleanBinding(
                () -> document.configProperty().get() == null || session.stateProperty().get().active(),
                document.configProperty(), session.stateProperty()));
        // Resume needs a checkpoint: after a launch, the session run's (none when it stopped before
        // its first one); before any launch, a run chosen on the dashboard.
        controls.resumeButton().disableProperty().bind(Bindings.createBooleanBinding(
                () -> session.stateProperty().get().active()
                        || (session.stateProperty().get() != RunState.IDLE ? !session.resumableProperty().get()
                        : dashboard.selectedRunId() < 0),
                session.stateProperty(), session.runIdProperty(), session.resumableProperty(),
                dashboard.shownRunProperty()));
        controls.launchButton().setOnAction(e -> launch());
        controls.stopButton().setOnAction(e -> session.stop());
        controls.resumeButton().setOnAction(e -> resume());
        session.runIdProperty().addListener((obs, o, id) -> {
            if (id.longValue() >= 0) {
                dashboard.refreshRuns();
                dashboard.show(id.longValue());
            }
        });
        session.stateProperty().addListener((obs, o, s) -> {
            if (!s.active()) {
                dashboard.refreshRuns();
            }
        });
    }

    private HBox presetBar(Path presets) {
        ComboBox<ConfigPresets.Preset> choice = new ComboBox<>();
        choice.setId("config-preset");
        choice.getItems().setAll(ConfigPresets.list(presets));
        choice.setPromptText("Start from a preset");
        choice.setPrefWidth(210);
        choice.valueProperty().addListener((obs, o, p) -> {
            if (p != null) {
                loadPreset(p);
            }
        });
        Button load = new Button("Open…");
        load.setOnAction(e -> chooseFile(false));
        Button save = new Button("Save…");
        save.setOnAction(e -> chooseFile(true));
        HBox bar = new HBox(6, new Label("Preset"), choice, load, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        return bar;
    }

    private void loadPreset(ConfigPresets.Preset p) {
        try {
            if (p.file() == null) {
                document.load("{}", ConfigPresets.DEFAULTS);
            } else {
                document.load(p.file());
            }
            notice.setText("Loaded preset " + p.name());
        } catch (ConfigException e) {
            notice.setText(e.getMessage());
        }
    }

    private void chooseFile(boolean save) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Run configuration", "*.json"));
        File f = save ? chooser.showSaveDialog(getScene().getWindow()) : chooser.showOpenDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            if (save) {
                document.save(f.toPath());
                notice.setText("Saved " + f);
            } else {
                document.load(f.toPath());
                notice.setText("Opened " + f);
            }
        } catch (IOException | ConfigException e) {
            notice.setText(e.getMessage());
        }
    }

    private void launch() {
        RunConfig config = document.configProperty().get();
        if (config == null) {
            return;
        }
        try {
            // run names are unique in the DB: a preset launched again becomes name-2, name-3, …
            Set<String> taken = new HashSet<>(dashboard.runNames());
            taken.addAll(launchedNames);
            String name = LaunchNames.unique(config.name(), taken);
            session.launch(name.equals(config.name()) ? document.json() : LaunchNames.withName(document.json(), name), name);
            launchedNames.add(name);
            notice.setText("Launched " + name + (name.equals(config.name()) ? "" : " (" + config.name() + " exists)"));
        } catch (IOException | IllegalStateException e) {
            notice.setText("Cannot launch: " + e.getMessage());
        }
    }

    private void resume() {
        long id = session.runIdProperty().get() >= 0 ? session.runIdProperty().get() : dashboard.selectedRunId();
        try {
            session.resume(id, session.runNameProperty().get().isEmpty() ? "run " + id : session.runNameProperty().get());
            notice.setText("Resuming run " + id);
        } catch (IOException | IllegalStateException e) {
            notice.setText("Cannot resume: " + e.getMessage());
        }
    }

    public ConfigDocument document() {
        return document;
    }

    public ConfigForm form() {
        return form;
    }

    public RunSession session() {
        return session;
    }

    public DashboardView dashboard() {
        return dashboard;
    }

    public RunControls controls() {
        return controls;
    }

    /** The stylesheet of the training screens (run form, errors, log). */
    public static String stylesheet() {
        return Objects.requireNonNull(RunsWorkspace.class.getResource("training.css"),
                "training.css missing next to RunsWorkspace").toExternalForm();
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
