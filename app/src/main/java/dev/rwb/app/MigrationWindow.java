package dev.rwb.app;

import dev.rwb.engine.store.MigrationProgress;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Opens a workbench DB of an older schema whose migration rewrites every trajectory: a small window
 * with a progress bar while the migration runs in the background (all or nothing: if it fails, the
 * file is left as it was and the error is shown).
 */
final class MigrationWindow {
    private final Stage stage = new Stage();
    private final ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label step = new Label("Upgrading the database …");

    private MigrationWindow(Path db) {
        bar.setId("migration-progress");
        bar.setPrefWidth(420);
        step.setId("migration-step");
        VBox box = new VBox(10, new Label("Upgrading " + db.getFileName() + " to this workbench's storage format. "
                + "The old file stays as it was until this finishes."), bar, step);
        box.setPadding(new Insets(16));
        stage.setTitle("Upgrading the workbench database");
        stage.setScene(new Scene(box));
    }

    /**
     * Shows the window and opens the DB with {@code opener} on a background thread; then closes the
     * window and hands the store (or the error) to the caller on the FX thread.
     */
    static void open(Path db, Function<MigrationProgress, WorkbenchStore> opener, Consumer<WorkbenchStore> onOpen,
                     Consumer<Throwable> onError) {
        MigrationWindow w = new MigrationWindow(db);
        w.stage.show();
        Thread t = new Thread(() -> {
            try {
                WorkbenchStore store = opener.apply(w::report);
                Platform.runLater(() -> {
                    w.stage.close();
                    onOpen.accept(store);
                });
            } catch (RuntimeException | Error e) {
                Platform.runLater(() -> {
                    w.stage.close();
                    onError.accept(e);
                });
            }
        }, "rwb-migration");
        t.setDaemon(true);
        t.start();
    }

    /** Tells the user that {@code db} could not be opened (it is unchanged), then runs {@code after}. */
    static void refuse(Path db, Throwable error, Runnable after) {
        new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                "Cannot open " + db + " (it was left as it was): " + error.getMessage()).showAndWait();
        after.run();
    }

    /** Called on the migration's thread. */
    private void report(String what, long done, long total) {
        double fraction = total > 0 ? done / (double) total : ProgressBar.INDETERMINATE_PROGRESS;
        String text = total > 0 ? String.format(Locale.ROOT, "%s: %,d of %,d", what, done, total) : what;
        Platform.runLater(() -> {
            bar.setProgress(fraction);
            step.setText(text);
        });
    }
}
