package dev.rwb.app;

import atlantafx.base.theme.PrimerLight;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.seed.JsonlSampleSeeder;
import dev.rwb.app.seed.SampleSeeder;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The composition root: resolves and opens the workbench DB (creating and seeding it on first
 * start), builds the view models and views, and closes everything when the window closes.
 */
public final class WorkbenchApp extends Application {
    private WorkbenchStore store;
    private FxBackgroundTasks tasks;

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
        Scene scene = new Scene(view, 1500, 950);
        scene.getStylesheets().add(stylesheet());
        stage.setTitle("Rollout Workbench — " + db.toAbsolutePath()
                + (seeded > 0 ? "  (seeded with " + seeded + " sample trajectories)" : ""));
        stage.setScene(scene);
        stage.show();
        model.refresh(() -> view.table().getSelectionModel().selectFirst());
    }

    /** Seeds from {@code <rwb.home>/samples/trajectories} (the launcher script sets rwb.home). */
    private static SampleSeeder seeder() {
        Path home = Path.of(System.getProperty("rwb.home", "."));
        return new JsonlSampleSeeder(home.resolve("samples").resolve("trajectories"));
    }

    /** The workbench stylesheet, shipped from {@code assets/css}. */
    public static String stylesheet() {
        return Objects.requireNonNull(WorkbenchApp.class.getResource("/assets/css/workbench.css"),
                "assets/css/workbench.css missing from the classpath").toExternalForm();
    }

    @Override
    public void stop() {
        if (tasks != null) {
            tasks.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
