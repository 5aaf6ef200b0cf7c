package dev.rwb.app.inspector;

import dev.rwb.app.tokens.TokenView;
import dev.rwb.engine.store.Note;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * Under the trajectory header: the open trajectory's tags (each a chip with ×), its run's tags, a
 * field to add one to the trajectory or the run, "Note on selection…" for the tokens selected in
 * the token view, and one line per note (✎, its span and comment).
 */
final class TagBar extends VBox {
    private final TagViewModel model;
    private final FlowPane chips = new FlowPane(6, 4);
    private final VBox noteLines = new VBox(2);
    private final ComboBox<String> field = new ComboBox<>();

    TagBar(TagViewModel model, TokenView tokens, dev.rwb.app.tokens.TokenViewModel shown) {
        this.model = model;
        setId("tag-bar");
        setPadding(new Insets(2, 8, 2, 8));
        field.setId("tag-field");
        field.setEditable(true);
        field.setPromptText("tag…");
        field.setItems(model.names());
        field.setPrefWidth(160);
        Button tagTrajectory = new Button("Tag trajectory");
        tagTrajectory.setId("tag-trajectory");
        tagTrajectory.setOnAction(e -> withTag(model::tagTrajectory));
        Button tagRun = new Button("Tag run");
        tagRun.setId("tag-run");
        tagRun.setOnAction(e -> withTag(model::tagRun));
        Button note = new Button("Note on selection…");
        note.setId("note-selection");
        note.setOnAction(e -> noteOnSelection(tokens));
        Label error = new Label();
        error.getStyleClass().add("filter-error");
        error.textProperty().bind(model.errorProperty());
        chips.setAlignment(Pos.CENTER_LEFT);
        chips.setId("tag-chips");
        FlowPane row = new FlowPane(6, 4, chips, field, tagTrajectory, tagRun, note, error);
        row.setAlignment(Pos.CENTER_LEFT);
        noteLines.setId("note-lines");
        getChildren().addAll(row, noteLines);
        ListChangeListener<Object> redraw = c -> show(shown);
        model.tags().addListener(redraw);
        model.runTags().addListener(redraw);
        model.notes().addListener(redraw);
        // the notes may arrive before the trajectory's tokens: redraw their text once it is shown
        shown.trajectoryProperty().addListener((obs, o, t) -> show(shown));
        show(shown);
    }

    private void withTag(java.util.function.Consumer<String> action) {
        String tag = field.getEditor().getText();
        if (tag == null || tag.isBlank()) {
            tag = field.getValue();
        }
        if (tag != null && !tag.isBlank()) {
            action.accept(tag.strip());
            field.getEditor().clear();
            field.setValue(null);
        }
    }

    private void noteOnSelection(TokenView tokens) {
        int[] span = tokens.selectedTokens();
        if (span == null) {
            model.tagError("select tokens in the token view first");
            return;
        }
        TextInputDialog ask = new TextInputDialog();
        ask.setTitle("Note");
        ask.setHeaderText("Comment on tokens " + span[0] + "–" + span[1]);
        ask.showAndWait().ifPresent(comment -> model.addNote(span[0], span[1], comment));
    }

    private void show(dev.rwb.app.tokens.TokenViewModel shown) {
        chips.getChildren().clear();
        for (String t : model.tags()) {
            chips.getChildren().add(chip("tag: " + t, "tag-chip", () -> model.untagTrajectory(t)));
        }
        for (String t : model.runTags()) {
            chips.getChildren().add(chip("run: " + t, "run-tag-chip", () -> model.untagRun(t)));
        }
        // an empty chip pane would still claim a row's width and push the buttons onto a second line
        chips.setVisible(!chips.getChildren().isEmpty());
        chips.setManaged(!chips.getChildren().isEmpty());
        noteLines.getChildren().clear();
        for (Note n : model.notes()) {
            Label line = new Label("✎ tokens " + n.startToken() + "–" + n.endToken() + " «"
                    + spanText(shown, n) + "»: " + n.comment());
            line.getStyleClass().add("note-line");
            line.setWrapText(true);
            Button delete = new Button("×");
            delete.setOnAction(e -> model.deleteNote(n));
            noteLines.getChildren().add(new javafx.scene.layout.HBox(4, line, delete));
        }
    }

    /** The noted tokens' text (newlines as ¶), or "" while the trajectory is not shown yet. */
    private static String spanText(dev.rwb.app.tokens.TokenViewModel shown, Note n) {
        var t = shown.trajectoryProperty().get();
        if (t == null || t.id() != n.trajectoryId()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = n.startToken(); i <= n.endToken() && i < t.tokens().length(); i++) {
            sb.append(t.tokens().tokenText()[i]);
        }
        String s = sb.toString().replace("\n", "¶");
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }

    private static javafx.scene.Node chip(String text, String styleClass, Runnable remove) {
        Label label = new Label(text);
        Button x = new Button("×");
        x.getStyleClass().add("chip-remove");
        x.setOnAction(e -> remove.run());
        javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(2, label, x);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add(styleClass);
        box.setStyle("-fx-background-color: #e8eefc; -fx-border-color: #4a5d80; -fx-border-radius: 9;"
                + " -fx-background-radius: 9; -fx-padding: 0 2 0 8;");
        return box;
    }
}
