package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectoryQuery.SortField;
import dev.rwb.engine.store.TrajectorySummary;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;

import java.util.function.Function;

/**
 * The page of trajectories. Clicking a sortable header re-queries the store with that sort
 * (server side), so the order is the order of all matching rows, not of the shown page.
 */
public final class TrajectoryTable extends TableView<TrajectorySummary> {
    public TrajectoryTable(InspectorViewModel model) {
        super(model.list().rows());
        setId("trajectory-table");
        getStyleClass().add(atlantafx.base.theme.Styles.DENSE); // 2em rows, not 2.8em: more rows in the same height
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        getColumns().add(column("id", 60, SortField.ID, TrajectorySummary::id));
        getColumns().add(column("run", 120, null, TrajectorySummary::run));
        getColumns().add(column("step", 50, SortField.STEP, TrajectorySummary::step));
        getColumns().add(column("task", 90, SortField.TASK, TrajectorySummary::task));
        getColumns().add(column("reward", 70, SortField.REWARD, CorrectCell::reward));
        TableColumn<TrajectorySummary, Boolean> correct = column("correct", 90, null, CorrectCell::verdict);
        correct.setCellFactory(c -> new CorrectCell<>());
        getColumns().add(correct);
        getColumns().add(column("finish", 80, null, s -> s.finishReason().key()));
        getColumns().add(column("tool calls", 70, SortField.TOOL_CALLS, TrajectorySummary::numToolCalls));
        getColumns().add(column("length", 60, SortField.LENGTH, TrajectorySummary::length));
        getColumns().add(column("answer", 160, null, s -> s.finalAnswer() == null ? "—" : s.finalAnswer()));
        getColumns().add(lintsColumn(model.lints()));
        setSortPolicy(table -> {
            TableColumn<TrajectorySummary, ?> first = getSortOrder().isEmpty() ? null : getSortOrder().get(0);
            SortField field = first == null ? SortField.ID : (SortField) first.getUserData();
            boolean asc = first == null || first.getSortType() == TableColumn.SortType.ASCENDING;
            if (field != model.list().sortField() || asc != model.list().ascending()) {
                model.list().sortBy(field, asc, () -> getSelectionModel().selectFirst());
            }
            // The rows arrive sorted from the store; nothing to sort here.
            return true;
        });
    }

    /**
     * Scrolls as little as needed to show row {@code index} whole (TableView.scrollTo would put it
     * at the top, or leave it half under the edge).
     */
    public void reveal(int index) {
        if (index < 0) {
            return;
        }
        if (lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.scrollTo(index);
        } else {
            scrollTo(index);
        }
    }

    /** The number of mask-lint findings of a row, as "⚠ n" (empty when it has none). */
    private static TableColumn<TrajectorySummary, TrajectorySummary> lintsColumn(LintViewModel lints) {
        TableColumn<TrajectorySummary, TrajectorySummary> c = column("lints", 60, null, s -> s);
        c.setCellFactory(col -> new TextCell<>() {
            // the counts arrive after the rows: a cell redraws itself when they do (weakly held, so a
            // cell the table drops is not kept by the model)
            private final javafx.beans.value.ChangeListener<Number> redraw = (o, old, now) -> refreshText();
            {
                setId("lint-count");
                lints.countsVersionProperty().addListener(new javafx.beans.value.WeakChangeListener<>(redraw));
            }

            @Override
            protected String textOf(TrajectorySummary item) {
                int n = lints.count(item.id());
                return n == 0 ? "" : "⚠ " + n;
            }
        });
        return c;
    }

    private static <T> TableColumn<TrajectorySummary, T> column(String title, double width, SortField sort,
                                                                 Function<TrajectorySummary, T> value) {
        TableColumn<TrajectorySummary, T> c = new TableColumn<>(title);
        c.setId("col-" + title.replace(' ', '-'));
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TextCell<>());
        c.setSortable(sort != null);
        c.setUserData(sort);
        return c;
    }
}
