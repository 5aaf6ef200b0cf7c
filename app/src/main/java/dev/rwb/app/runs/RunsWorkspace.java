package dev.rwb.app.runs;

import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.models.HfCacheListing;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.WallTimes;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
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
    private final ComboBox<ConfigPresets.Preset> presetChoice = new ComboBox<>();
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
        form = new ConfigForm(document, mask, new ModelSourceEditor(document, HfCacheListing::list));

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
            if (s == RunState.STOPPED && session.runIdProperty().get() >= 0) {
                dashboard.markStopped(session.runIdProperty().get());
            } else if (!s.active()) {
                dashboard.refreshRuns();
            }
        });
        // The dashboard says the launched run's phase while it shows that run: "warm start 300/2000 · ETA 6 min".
        dashboard.phaseTextProperty().bind(Bindings.createStringBinding(
                () -> session.stateProperty().get() != RunState.IDLE && session.runIdProperty().get() >= 0
                        && dashboard.shownRunProperty().get() == session.runIdProperty().get()
                        ? (session.stateProperty().get().active() ? session.runNameProperty().get() + " · " : "")
                        + session.progressTextProperty().get() : "",
                session.stateProperty(), session.runIdProperty(), session.runNameProperty(),
                session.progressTextProperty(), dashboard.shownRunProperty()));
    }

    /** The preset chooser (each preset with its measured wall time on 2 cores, where one was measured), Open and Save. */
    private VBox presetBar(Path presets) {
        java.util.Optional<WallTimes> wallTimes = wallTimes(presets);
        ComboBox<ConfigPresets.Preset> choice = presetChoice;
        choice.setId("config-preset");
        choice.getItems().setAll(ConfigPresets.list(presets));
        choice.setPromptText("Start from a preset");
        choice.setPrefWidth(260);
        choice.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ConfigPresets.Preset p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null
                        : p.name() + wallTime(wallTimes, p).map(w -> "  ·  " + WallTimeText.of(w) + " on 2 cores").orElse(""));
            }
        });
        Label wallTime = new Label();
        wallTime.setId("preset-wall-time");
        wallTime.getStyleClass().add("hint");
        wallTime.setWrapText(true);
        choice.valueProperty().addListener((obs, o, p) -> {
            if (p != null) {
                loadPreset(p);
            }
            var w = wallTime(wallTimes, p);
            wallTime.setText(w.map(t -> "Expected wall time on 2 CPU cores: " + WallTimeText.of(t) + ", warm start included")
                    .orElse(""));
            wallTime.setTooltip(w.map(t -> new Tooltip(t.note())).orElse(null));
        });
        wallTime.managedProperty().bind(wallTime.textProperty().isNotEmpty());
        Button load = new Button("Open…");
        load.setOnAction(e -> chooseFile(false));
        Button save = new Button("Save…");
        save.setOnAction(e -> chooseFile(true));
        HBox bar = new HBox(6, new Label("Preset"), choice, load, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(2, bar, wallTime);
        box.setPadding(new Insets(6));
        return box;
    }

    /** The presets' measured wall times; empty when the folder has none or they cannot be read (then the notice says so). */
    private java.util.Optional<WallTimes> wallTimes(Path presets) {
        if (presets == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(WallTimes.read(presets));
        } catch (IOException e) {
            notice.setText("Cannot read the presets' wall times: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** A preset's measured wall time; the defaults (no file) and a preset without an entry have none. */
    private static java.util.Optional<WallTimes.WallTime> wallTime(java.util.Optional<WallTimes> wallTimes,
                                                                  ConfigPresets.Preset p) {
        return p == null || p.file() == null ? java.util.Optional.empty()
                : wallTimes.flatMap(w -> w.of(p.file().getFileName().toString()));
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

    /** Loads the preset of this name, as choosing it in the preset list does (the first-run guide's demo). */
    public void choosePreset(String name) {
        presetChoice.getItems().stream().filter(p -> p.name().equals(name)).findFirst().ifPresent(presetChoice::setValue);
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
