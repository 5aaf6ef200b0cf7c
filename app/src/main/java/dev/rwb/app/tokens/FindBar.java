package dev.rwb.app.tokens;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;

/** The Ctrl+F bar of the token view: a query field, the match counter, previous/next and close. */
public final class FindBar extends HBox {
    private final TextField field = new TextField();
    private final Label counter = new Label();

    /** Callbacks of the bar; the token view owns the matches. */
    public interface Actions {
        void search(String query);

        void next();

        void previous();

        void close();
    }

    public FindBar(Actions actions) {
        super(6);
        setPadding(new Insets(4, 8, 4, 8));
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("find-bar");
        field.setId("find-field");
        field.setPromptText("Find in trajectory");
        field.setPrefColumnCount(28);
        counter.setId("find-counter");
        field.textProperty().addListener((obs, old, now) -> actions.search(now));
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                if (e.isShiftDown()) {
                    actions.previous();
                } else {
                    actions.next();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                actions.close();
                e.consume();
            }
        });
        Button prev = new Button("▲");
        prev.setOnAction(e -> actions.previous());
        Button next = new Button("▼");
        next.setOnAction(e -> actions.next());
        Button close = new Button("✕");
        close.setOnAction(e -> actions.close());
        getChildren().addAll(new Label("Find"), field, prev, next, counter, close);
    }

    public TextField field() {
        return field;
    }

    /** Shows "k of n" (1-based) or "no matches". */
    public void showCount(int current, int total) {
        counter.setText(total == 0 ? (field.getText().isEmpty() ? "" : "no matches") : (current + 1) + " of " + total);
    }
}
