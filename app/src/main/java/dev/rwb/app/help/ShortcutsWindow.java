package dev.rwb.app.help;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Help → Keyboard shortcuts: the table of {@link KeyboardShortcuts#ALL} in a small window. */
public final class ShortcutsWindow {
    private ShortcutsWindow() {
    }

    /** The table as a node (the window's content; tests read it). */
    public static GridPane table() {
        GridPane grid = new GridPane();
        grid.setId("shortcuts-table");
        grid.setHgap(14);
        grid.setVgap(5);
        int row = 0;
        for (KeyboardShortcuts.Shortcut s : KeyboardShortcuts.ALL) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("shortcut-keys");
            Label where = new Label(s.where());
            where.getStyleClass().add("hint");
            grid.addRow(row++, keys, new Label(s.action()), where);
        }
        return grid;
    }

    /** Shows the table in a window owned by {@code owner} (not modal: the user can try the keys). */
    public static Stage show(Window owner, String stylesheet) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle("Keyboard shortcuts");
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setDefaultButton(true);
        close.setOnAction(e -> stage.close());
        VBox box = new VBox(12, table(), close);
        box.setPadding(new Insets(14));
        Scene scene = new Scene(box);
        scene.getStylesheets().add(stylesheet);
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
