package dev.rwb.app.inspector;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** "rows 201–400 of 100000" with previous/next page buttons under the table. */
final class PagerBar extends HBox {
    PagerBar(TrajectoryListViewModel list, Runnable selectFirst) {
        super(8);
        setPadding(new Insets(2, 6, 2, 6));
        setAlignment(Pos.CENTER_LEFT);
        Button prev = new Button("◀ previous");
        prev.setId("page-previous");
        prev.setOnAction(e -> list.previousPage(selectFirst));
        Button next = new Button("next ▶");
        next.setId("page-next");
        next.setOnAction(e -> list.nextPage(selectFirst));
        Label range = new Label();
        range.setId("page-range");
        range.textProperty().bind(Bindings.createStringBinding(() -> {
            long total = list.totalProperty().get();
            int from = list.offsetProperty().get();
            return total == 0 ? "no rows" : "rows " + (from + 1) + "–" + (from + list.rows().size()) + " of " + total;
        }, list.totalProperty(), list.offsetProperty(), list.rows()));
        prev.disableProperty().bind(list.offsetProperty().isEqualTo(0));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> list.offsetProperty().get() + TrajectoryListViewModel.PAGE_SIZE >= list.totalProperty().get(),
                list.offsetProperty(), list.totalProperty()));
        getChildren().addAll(prev, next, range);
    }
}
