package dev.rwb.app.inspector;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * "rows 201–400 of 1,000,000" with previous/next page buttons under the table; the count reads
 * "≥ 10,000" while the exact count of a large result is still running.
 */
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
            int from = list.offsetProperty().get();
            if (list.rows().isEmpty()) {
                return from == 0 ? "no rows" : "no rows on this page";
            }
            return "rows " + (from + 1) + "–" + (from + list.rows().size()) + " of " + list.countTextProperty().get();
        }, list.countTextProperty(), list.offsetProperty(), list.rows()));
        prev.disableProperty().bind(list.offsetProperty().isEqualTo(0));
        next.disableProperty().bind(list.hasMoreProperty().not());
        getChildren().addAll(prev, next, range);
    }
}
