package dev.rwb.app;

import dev.rwb.app.export.ExportMenu;
import dev.rwb.app.export.ExportViewModel;
import dev.rwb.app.help.FirstRunGuide;
import dev.rwb.app.help.ShortcutsWindow;
import dev.rwb.app.importer.ImportDialog;
import dev.rwb.app.importer.ImportViewModel;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.scoring.ScoreMenu;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.prefs.Preferences;

/**
 * One open workbench: the DB, its view models and screens, the menus and the first-run guide, in a
 * stage. File → Open database closes this DB's screens and opens another in the same window.
 * Built by {@link WorkbenchApp} (and by tests, with their own DB and preferences).
 */
public final class Workbench implements AutoCloseable {
    private final Stage stage;
    private final Preferences prefs;
    private final Path home;
    private final StackPane root = new StackPane();
    private final FirstRunGuide guide;
    private Path db;
    private WorkbenchStore store;
    private FxBackgroundTasks tasks;
    private WorkbenchWindow window;
    private InspectorViewModel inspectorModel;
    private InspectorView inspector;

    /**
     * @param prefs where the window's bounds and the guide's "shown once" live
     * @param home the installation (its {@code samples/configs} holds the presets)
     * @param seeded how many sample trajectories were just seeded into {@code db} (0: none), for the title
     */
    public Workbench(Stage stage, Path db, Preferences prefs, Path home, int seeded) {
        this.stage = stage;
        this.prefs = prefs;
        this.home = home;
        guide = new FirstRunGuide(prefs, new GuideActions(), DemoPreset.describe(presets()));
        StackPane.setAlignment(guide, Pos.TOP_RIGHT);
        StackPane.setMargin(guide, new Insets(60, 16, 0, 0));
        open(db, seeded);
    }

    /** The DB shown now. */
    public Path db() {
        return db;
    }

    /** The root node (menu bar, screens, guide) for the stage's scene. */
    public StackPane root() {
        return root;
    }

    public WorkbenchWindow window() {
        return window;
    }

    public FirstRunGuide guide() {
        return guide;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public InspectorViewModel inspectorModel() {
        return inspectorModel;
    }

    /** Closes the screens and the DB shown now and shows {@code other} in the same window. */
    public void switchTo(Path other) {
        if (WorkbenchStore.needsSlowMigration(other)) {
            // an old DB is upgraded with a progress window first; the one shown stays until that succeeds
            MigrationWindow.open(other, progress -> WorkbenchStore.open(other, progress), migrated -> {
                migrated.close();
                closeDb();
                open(other, 0);
            }, error -> MigrationWindow.refuse(other, error, () -> { }));
            return;
        }
        closeDb();
        open(other, 0);
    }

    private void open(Path file, int seeded) {
        db = file;
        store = WorkbenchStore.open(file);
        tasks = new FxBackgroundTasks(2);
        inspectorModel = new InspectorViewModel(store, tasks);
        inspector = new InspectorView(inspectorModel);
        window = new WorkbenchWindow(ScreenModels.of(store, tasks), inspectorModel, inspector, presets(),
                file.toAbsolutePath().getParent().resolve("run-configs"));
        BorderPane content = new BorderPane(window);
        content.setTop(menuBar());
        root.getChildren().setAll(content, guide);
        stage.setTitle("Rollout Workbench — " + file.toAbsolutePath()
                + (seeded > 0 ? "  (seeded with " + seeded + " sample trajectories)" : ""));
        inspectorModel.refresh(() -> inspector.table().getSelectionModel().selectFirst());
        var runs = store.listRuns();
        guide.describeDatabase(runs.stream().anyMatch(r -> SAMPLE_RUNS.contains(r.run().name())), runs.size());
    }

    private static final java.util.Set<String> SAMPLE_RUNS = dev.rwb.engine.simulate.SampleGenerator.RUNS.stream()
            .map(dev.rwb.engine.simulate.SampleGenerator.RunSpec::name).collect(java.util.stream.Collectors.toSet());

    private Path presets() {
        return home.resolve("samples").resolve("configs");
    }

    private MenuBar menuBar() {
        Consumer<String> showRun = name -> {
            window.getSelectionModel().select(0);
            inspector.showRun(name);
        };
        MenuItem openDb = new MenuItem("Open database…");
        openDb.setId("menu-open-db");
        openDb.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        openDb.setOnAction(e -> chooseDatabase());
        MenuItem importItem = new MenuItem("Import…");
        importItem.setId("menu-import");
        importItem.setAccelerator(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN));
        importItem.setOnAction(e -> new ImportDialog(new ImportViewModel(db, tasks), stage,
                () -> inspectorModel.refresh(() -> { }), showRun).show());
        Menu export = ExportMenu.create(new ExportViewModel(store, tasks), inspectorModel.tokens(), () -> stage,
                this::report);
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, openDb, importItem, export, new SeparatorMenuItem(), quit);
        file.setId("menu-file");

        MenuItem shortcuts = new MenuItem("Keyboard shortcuts");
        shortcuts.setId("menu-shortcuts");
        shortcuts.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        shortcuts.setOnAction(e -> ShortcutsWindow.show(stage, WorkbenchApp.stylesheet()));
        MenuItem showGuide = new MenuItem("First-run guide");
        showGuide.setId("menu-guide");
        showGuide.setOnAction(e -> guide.show());
        Menu help = new Menu("Help", null, shortcuts, showGuide);
        help.setId("menu-help");
        return new MenuBar(file, ScoreMenu.create(store, db, tasks, TrainerCommandLine.ofThisJvm(), inspectorModel,
                inspector, () -> stage), help);
    }

    private void chooseDatabase() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a workbench database");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Workbench database", "*.db"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File current = db.toAbsolutePath().getParent().toFile();
        if (current.isDirectory()) {
            chooser.setInitialDirectory(current);
        }
        File chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            try {
                switchTo(chosen.toPath());
            } catch (RuntimeException ex) {
                report("Cannot open " + chosen + ": " + ex.getMessage());
            }
        }
    }

    private void report(String message) {
        Alert a = new Alert(message.contains("failed") || message.startsWith("Cannot") ? Alert.AlertType.ERROR
                : Alert.AlertType.INFORMATION, message);
        a.initOwner(stage);
        a.setHeaderText(null);
        a.show();
    }

    /** The guide's buttons: they act on the screens shown now. */
    private final class GuideActions implements FirstRunGuide.Actions {
        @Override
        public void openSample() {
            window.getSelectionModel().select(0);
            inspector.tabs().getSelectionModel().select(0);
            if (inspector.table().getSelectionModel().isEmpty()) {
                inspector.table().getSelectionModel().selectFirst();
            }
            inspector.table().requestFocus();
        }

        @Override
        public void showLossMask() {
            openSample();
            inspectorModel.tokens().modeProperty().set(ColorMode.LOSS_MASK);
        }

        @Override
        public void prepareDemo() {
            window.getSelectionModel().select(1);
            DemoPreset.name(presets()).ifPresent(window.train()::choosePreset);
        }
    }

    private void closeDb() {
        if (window != null) {
            window.close();
        }
        if (tasks != null) {
            tasks.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void close() {
        closeDb();
    }
}
