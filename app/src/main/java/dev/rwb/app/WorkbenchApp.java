package dev.rwb.app;

import atlantafx.base.theme.PrimerLight;
import dev.rwb.app.seed.GeneratedSampleSeeder;
import dev.rwb.app.seed.SampleSeeder;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.prefs.Preferences;

/**
 * The application: resolves the workbench DB (creating and seeding it on first start), opens it in
 * a {@link Workbench}, places the window where the user left it, shows the first-run guide on the
 * very first start, and closes everything when the window closes.
 */
public final class WorkbenchApp extends Application {
    private Workbench workbench;

    @Override
    public void start(Stage stage) throws Exception {
        Path db = DbLocation.resolve(getParameters().getRaw(), System.getenv(), Path.of(System.getProperty("user.home")));
        Files.createDirectories(db.toAbsolutePath().getParent());
        if (WorkbenchStore.needsSlowMigration(db)) {
            // an old DB: rewrite it with a progress window, then go on
            MigrationWindow.open(db, progress -> WorkbenchStore.open(db, progress), migrated -> {
                migrated.close();
                try {
                    show(stage, db);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, error -> MigrationWindow.refuse(db, error, Platform::exit));
            return;
        }
        show(stage, db);
    }

    private void show(Stage stage, Path db) throws Exception {
        int seeded;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            seeded = seeder().seedIfEmpty(store);
        }
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Preferences prefs = preferences();
        workbench = new Workbench(stage, db, prefs, Path.of(System.getProperty("rwb.home", ".")), seeded);
        present(stage, workbench, prefs);
        workbench.guide().showIfFirstStart();
    }

    /** Shows the workbench in its stage, placed by {@link #placeWindow} (tests open it the same way). */
    static void present(Stage stage, Workbench workbench, Preferences prefs) {
        WindowBounds bounds = placeWindow(stage, prefs);
        // The scene gets the window's size up front. Without one, the first layout pass runs at the
        // content's preferred width (~2300 px: every filter and column side by side), the split panes
        // turn their divider shares into pixels there, and the runs pane kept those pixels (420 of
        // 1280 px) when the window came down to its real size.
        Scene scene = new Scene(workbench.root(), bounds.width(), bounds.height());
        scene.getStylesheets().add(stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    /** Where the window's bounds and the first-run guide's "shown once" are remembered. */
    static Preferences preferences() {
        return Preferences.userNodeForPackage(WorkbenchApp.class);
    }

    /**
     * Opens the window where the user left it, else sized to the screen (a 1366×768 laptop shows
     * the whole window, menu and tabs included), and remembers its bounds when it closes.
     */
    private static WindowBounds placeWindow(Stage stage, Preferences prefs) {
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
        return b;
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
        if (workbench != null) {
            workbench.close();
        }
    }
}
