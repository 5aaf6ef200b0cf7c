package dev.rwb.app.importer;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.app.task.UiBatcher;
import dev.rwb.engine.interop.ImportProgress;
import dev.rwb.engine.interop.DuplicateImportException;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportSummary;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.ProgressBar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * File → Import…: what to import (a file or folder, its format or "auto", an optional Hugging
 * Face tokenizer and run name), its progress and the outcome. The import runs in the background on
 * its own DB connection, all or nothing, so a bad file or a cancel leaves the workbench DB as it was.
 */
public final class ImportViewModel {
    private final Path database;
    private final BackgroundTasks tasks;
    private final StringProperty source = new SimpleStringProperty("");
    private final ObjectProperty<ImportFormat> format = new SimpleObjectProperty<>();
    private final StringProperty tokenizer = new SimpleStringProperty("");
    private final StringProperty runName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty allowDuplicate = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper importedRun = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final UiBatcher ui;

    public ImportViewModel(Path database, BackgroundTasks tasks) {
        this.database = database;
        this.tasks = tasks;
        this.ui = new UiBatcher(tasks.uiThread());
    }

    /** Fraction of the source read, 0 to 1, or −1 while not known (formats not read as lines). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The progress in words: MB read of the total, rate, time left, trajectories so far. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Asks the running import to stop; it then stores nothing and the DB stays as it was. */
    public void cancel() {
        if (running.get()) {
            cancelRequested.set(true);
            message.set("Cancelling …");
        }
    }

    /** Path of the file or folder to import. */
    public StringProperty sourceProperty() {
        return source;
    }

    /** The format, or null for auto-detection. */
    public ObjectProperty<ImportFormat> formatProperty() {
        return format;
    }

    /** Optional path of a tokenizer.json (text-only formats, prime-rl token text). */
    public StringProperty tokenizerProperty() {
        return tokenizer;
    }

    /** Optional run name (default: derived from the source). */
    public StringProperty runNameProperty() {
        return runName;
    }

    /** The summary of the last import, or its error naming file, line and field. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** Import even when the DB already holds a source with the same content (it would double its groups). */
    public BooleanProperty allowDuplicateProperty() {
        return allowDuplicate;
    }

    /** The first run the last successful import filled, or "" (before one, or after a failure). */
    public ReadOnlyStringProperty importedRunProperty() {
        return importedRun.getReadOnlyProperty();
    }

    /** Starts the import; {@code onImported} gets the summary on the UI thread when it succeeded. */
    public void startImport(Consumer<ImportSummary> onImported) {
        String src = source.get().strip();
        if (src.isEmpty() || !Files.exists(Path.of(src))) {
            report(true, src.isEmpty() ? "Choose a file or folder to import." : src + ": no such file or folder");
            return;
        }
        ImportFormat chosen = format.get();
        String tok = tokenizer.get().strip();
        String run = runName.get().strip();
        boolean force = allowDuplicate.get();
        running.set(true);
        importedRun.set("");
        message.set("Importing " + src + " …");
        failed.set(false);
        cancelRequested.set(false);
        progress.set(ProgressBar.INDETERMINATE_PROGRESS);
        progressText.set("");
        ImportProgress listener = new ImportProgress() {
            private final long start = System.nanoTime();

            @Override
            public void progress(long bytesRead, long totalBytes, long trajectories) {
                double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                String text = ProgressText.of(bytesRead, totalBytes, trajectories, seconds);
                double fraction = bytesRead > 0 && totalBytes > 0 ? Math.min(1, bytesRead / (double) totalBytes)
                        : ProgressBar.INDETERMINATE_PROGRESS;
                ui.post(() -> {
                    progress.set(fraction);
                    progressText.set(text);
                });
            }

            @Override
            public boolean cancelled() {
                return cancelRequested.get();
            }
        };
        tasks.run(() -> {
            Path path = Path.of(src);
            ImportOptions options = ImportOptions.defaults();
            if (!run.isEmpty()) {
                options = options.withRunName(run);
            }
            if (!tok.isEmpty()) {
                options = options.withTokenizer(HfTokenizer.load(Path.of(tok)));
            }
            ImportFormat resolved = chosen != null ? chosen : Importers.detect(path);
            try (WorkbenchStore own = WorkbenchStore.open(database)) {
                return Importers.importOnce(own, path, resolved, options, force, listener);
            }
        }, summary -> {
            running.set(false);
            progress.set(1);
            report(false, summary.describe());
            importedRun.set(summary.runs().isEmpty() ? "" : summary.runs().get(0));
            onImported.accept(summary);
        }, error -> {
            running.set(false);
            progress.set(0);
            if (error instanceof CancellationException) {
                report(false, "Import cancelled: nothing was imported, the database is as it was.");
                return;
            }
            report(true, error instanceof DuplicateImportException
                    ? error.getMessage() + " Tick \"Import even if already imported\" to import it anyway."
                    : "Nothing imported: " + error.getMessage());
        });
    }

    private void report(boolean isError, String text) {
        failed.set(isError);
        message.set(text);
    }
}
