package dev.rwb.app;

import atlantafx.base.theme.PrimerLight;
import dev.rwb.app.importer.ImportDialog;
import dev.rwb.app.importer.ImportViewModel;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.scoring.ScoreMenu;
import dev.rwb.app.seed.GeneratedSampleSeeder;
import dev.rwb.app.seed.SampleSeeder;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.prefs.Preferences;

/**
 * The composition root: resolves and opens the workbench DB (creating and seeding it on first
 * start), builds the view models and views, and closes everything when the window closes.
 */
public final class WorkbenchApp extends Application {
    private WorkbenchStore store;
    private FxBackgroundTasks tasks;
    private WorkbenchWindow window;

    @Override
    public void start(Stage stage) throws Exception {
        Path db = DbLocation.resolve(getParameters().getRaw(), System.getenv(), Path.of(System.getProperty("user.home")));
        Files.createDirectories(db.toAbsolutePath().getParent());
        store = WorkbenchStore.open(db);
        int seeded = seeder().seedIfEmpty(store);
        tasks = new FxBackgroundTasks(2);
        InspectorViewModel model = new InspectorViewModel(store, tasks);
        InspectorView view = new InspectorView(model);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Path home = Path.of(System.getProperty("rwb.home", "."));
        window = new WorkbenchWindow(ScreenModels.of(store, tasks), model, view, home.resolve("samples").resolve("configs"),
                db.toAbsolutePath().getParent().resolve("run-configs"));
        BorderPane root = new BorderPane(window);
        root.setTop(menuBar(stage, db, model, view));
        Scene scene = new Scene(root);
        placeWindow(stage);
        scene.getStylesheets().add(stylesheet());
        stage.setTitle("Rollout Workbench — " + db.toAbsolutePath()
                + (seeded > 0 ? "  (seeded with " + seeded + " sample trajectories)" : ""));
        stage.setScene(scene);
        stage.show();
        model.refresh(() -> view.table().getSelectionModel().selectFirst());
    }

    /**
     * Opens the window where the user left it, else sized to the screen (a 1366×768 laptop shows
     * the whole window, menu and tabs included), and remembers its bounds when it closes.
     */
    private static void placeWindow(Stage stage) {
        Preferences prefs = Preferences.userNodeForPackage(WorkbenchApp.class);
        WindowBounds b = WindowBounds.choose(WindowBounds.load(prefs),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList(), Screen.getPrimary().getVisualBounds());
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        stage.setOnHiding(e -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()).save(prefs);
            }
        });
    }

    private MenuBar menuBar(Stage stage, Path db, InspectorViewModel model, InspectorView view) {
        Consumer<String> showRun = name -> {
            window.getSelectionModel().select(0);
            view.showRun(name);
        };
        MenuItem importItem = new MenuItem("Import…");
        importItem.setId("menu-import");
        importItem.setAccelerator(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN));
        importItem.setOnAction(e -> new ImportDialog(new ImportViewModel(db, tasks), stage,
                () -> model.refresh(() -> { }), showRun).show());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        return new MenuBar(new Menu("File", null, importItem, new SeparatorMenuItem(), quit),
                ScoreMenu.create(store, db, tasks, TrainerCommandLine.ofThisJvm(), model, view, () -> stage));
    }

    private static SampleSeeder seeder() {
        return new GeneratedSampleSeeder();
    }

    /** The workbench stylesheet, shipped from {@code assets/css}. */
    public static String stylesheet() {
        return Objects.requireNonNull(WorkbenchApp.class.getResource("/assets/css/workbench.css"),
                "assets/css/workbench.css missing from the classpath").toExternalForm();
    }

    @Override
    public void stop() {
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
}
