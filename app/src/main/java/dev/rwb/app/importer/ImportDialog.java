package dev.rwb.app.importer;

import dev.rwb.engine.interop.ImportFormat;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The File → Import… dialog: a thin view over {@link ImportViewModel}. It stays open after an
 * error, showing the message that names the file, line and field; "Import" can be pressed again.
 * After a success it offers to show the imported run. Its size does not depend on the message.
 * While an import runs it shows a progress bar (MB read, rate, time left) and a Cancel button.
 */
public final class ImportDialog extends Dialog<Void> {
    public static final ButtonType IMPORT = new ButtonType("Import", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    /** Without a way to show the imported run (tests, callers without an inspector). */
    public ImportDialog(ImportViewModel model, Window owner, Runnable onImported) {
        this(model, owner, onImported, null);
    }

    /**
     * @param showRun shows a run in the inspector ("Show the imported run"); null hides that button
     */
    public ImportDialog(ImportViewModel model, Window owner, Runnable onImported, Consumer<String> showRun) {
        initOwner(owner);
        setTitle("Import rollouts");
        setHeaderText("verl, TRL, prime-rl, OpenAI chat, inspect_ai or workbench JSONL — all or nothing");
        TextField source = field("source-field", "file or folder");
        source.textProperty().bindBidirectional(model.sourceProperty());
        Button file = new Button("File…");
        file.setOnAction(e -> choose(new FileChooser().showOpenDialog(getDialogPane().getScene().getWindow()), model));
        Button folder = new Button("Folder…");
        folder.setOnAction(e -> choose(new DirectoryChooser().showDialog(getDialogPane().getScene().getWindow()), model));
        ComboBox<ImportFormat> format = new ComboBox<>(FXCollections.observableArrayList(formatsWithAuto()));
        format.setId("format-choice");
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(ImportFormat f) {
                return f == null ? "auto-detect" : f.key();
            }

            @Override
            public ImportFormat fromString(String s) {
                return null;
            }
        });
        format.valueProperty().bindBidirectional(model.formatProperty());
        TextField tokenizer = field("tokenizer-field", "optional tokenizer.json");
        tokenizer.textProperty().bindBidirectional(model.tokenizerProperty());
        TextField run = field("run-field", "optional run name");
        run.textProperty().bindBidirectional(model.runNameProperty());
        CheckBox duplicate = new CheckBox("Import even if already imported (doubles its groups)");
        duplicate.setId("allow-duplicate");
        duplicate.selectedProperty().bindBidirectional(model.allowDuplicateProperty());
        Label message = new Label();
        message.setId("import-message");
        message.setWrapText(true);
        message.setMaxWidth(720);
        message.textProperty().bind(model.messageProperty());
        // A summary or error of any length scrolls inside a fixed box, so the buttons never leave the dialog.
        ScrollPane messageBox = new ScrollPane(message);
        messageBox.setId("import-message-box");
        messageBox.setFitToWidth(true);
        messageBox.setPrefViewportHeight(96);
        messageBox.setMaxHeight(140);
        messageBox.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label progressText = new Label();
        progressText.setId("import-progress-text");
        progressText.textProperty().bind(model.progressTextProperty());
        Button cancel = new Button("Cancel import");
        cancel.setId("cancel-import");
        cancel.setOnAction(e -> model.cancel());
        HBox progressRow = new HBox(8, bar, cancel);
        progressRow.setId("import-progress-row");
        HBox.setHgrow(bar, javafx.scene.layout.Priority.ALWAYS);
        for (javafx.scene.Node n : List.of(progressRow, progressText)) {
            n.visibleProperty().bind(model.runningProperty());
            n.managedProperty().bind(n.visibleProperty());
        }
        Button show = new Button("Show the imported run");
        show.setId("show-imported-run");
        show.visibleProperty().bind(model.importedRunProperty().isNotEmpty().and(
                javafx.beans.binding.Bindings.createBooleanBinding(() -> showRun != null)));
        show.managedProperty().bind(show.visibleProperty());
        show.setOnAction(e -> {
            showRun.accept(model.importedRunProperty().get());
            close();
        });
        model.failedProperty().addListener((obs, was, isFailed) -> {
            message.getStyleClass().remove("import-error");
            if (isFailed) {
                message.getStyleClass().add("import-error");
            }
        });

        for (Button b : List.of(file, folder)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        GridPane grid = new GridPane();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(labels);
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Source"), new HBox(6, source, file, folder));
        grid.addRow(1, new Label("Format"), format);
        grid.addRow(2, new Label("Tokenizer"), tokenizer);
        grid.addRow(3, new Label("Run name"), run);
        grid.add(duplicate, 1, 4);
        grid.add(messageBox, 0, 5, 2, 1);
        grid.add(progressRow, 0, 6, 2, 1);
        grid.add(progressText, 0, 7, 2, 1);
        grid.add(show, 1, 8);
        getDialogPane().setContent(grid);
        getDialogPane().setMinWidth(780);
        setOnShown(e -> source.requestFocus());
        getDialogPane().getButtonTypes().addAll(IMPORT, ButtonType.CLOSE);
        Button importButton = (Button) getDialogPane().lookupButton(IMPORT);
        importButton.setId("import-button");
        importButton.disableProperty().bind(model.runningProperty());
        // Closing the dialog while an import runs cancels it (nothing is stored).
        setOnCloseRequest(e -> model.cancel());
        // Keep the dialog open: the import reports its outcome in the message line.
        importButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            model.startImport(summary -> onImported.run());
        });
    }

    private static List<ImportFormat> formatsWithAuto() {
        List<ImportFormat> list = new ArrayList<>();
        list.add(null);
        list.addAll(Arrays.asList(ImportFormat.values()));
        return list;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(36);
        return f;
    }

    private static void choose(File chosen, ImportViewModel model) {
        if (chosen != null) {
            model.sourceProperty().set(chosen.getAbsolutePath());
        }
    }
}
