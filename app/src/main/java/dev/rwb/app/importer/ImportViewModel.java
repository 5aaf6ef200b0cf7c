package dev.rwb.app.importer;

import dev.rwb.app.task.BackgroundTasks;
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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * File → Import…: what to import (a file or folder, its format or "auto", an optional Hugging
 * Face tokenizer and run name) and the outcome. The import runs in the background on its own DB
 * connection, in one transaction, so a bad file leaves the workbench DB as it was.
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

    public ImportViewModel(Path database, BackgroundTasks tasks) {
        this.database = database;
        this.tasks = tasks;
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
                return Importers.importOnce(own, path, resolved, options, force);
            }
        }, summary -> {
            running.set(false);
            report(false, summary.describe());
            importedRun.set(summary.runs().isEmpty() ? "" : summary.runs().get(0));
            onImported.accept(summary);
        }, error -> {
            running.set(false);
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
