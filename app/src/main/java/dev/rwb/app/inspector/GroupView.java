package dev.rwb.app.inspector;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;

import java.util.Locale;
import java.util.function.Function;

/**
 * All samples of the selected trajectory's prompt group, one per row, with reward and advantage
 * side by side: the group baseline at a glance. Double-click or Enter opens a sample's tokens.
 */
public final class GroupView extends BorderPane {
    private final TableView<GroupMember> table;

    public GroupView(InspectorViewModel model) {
        table = new TableView<>(model.group());
        table.setId("group-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("sample", 60, m -> m.summary().sampleIndex()));
        table.getColumns().add(column("id", 60, m -> m.summary().id()));
        table.getColumns().add(column("reward", 70, m -> String.format(Locale.ROOT, "%.3f", m.summary().reward())));
        TableColumn<GroupMember, Double> advantage = column("advantage", 140, GroupMember::advantage);
        advantage.setCellFactory(c -> new AdvantageCell<>(() -> model.group().stream()
                .mapToDouble(m -> Double.isNaN(m.advantage()) ? 0 : Math.abs(m.advantage())).max().orElse(0)));
        table.getColumns().add(advantage);
        TableColumn<GroupMember, Boolean> correct = column("correct", 90, m -> m.summary().correct());
        correct.setCellFactory(c -> new CorrectCell<>());
        table.getColumns().add(correct);
        table.getColumns().add(column("finish", 80, m -> m.summary().finishReason().key()));
        table.getColumns().add(column("tool calls", 70, m -> m.summary().numToolCalls()));
        table.getColumns().add(column("response length", 110, m -> m.summary().responseLength()));
        table.getColumns().add(column("answer", 200, m -> m.summary().finalAnswer() == null ? "—"
                : m.summary().finalAnswer()));
        table.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                openSelected(model);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected(model);
            }
        });
        Label header = new Label();
        header.setId("group-header");
        header.getStyleClass().add("group-header");
        model.selectedProperty().addListener((obs, old, now) -> header.setText(now == null ? ""
                : "Group " + now.groupId() + " of prompt " + now.promptId() + " (run " + now.run() + ", step "
                + now.step() + ", ground truth: " + now.groundTruth() + ") — double-click a sample to open it"));
        setTop(header);
        setCenter(table);
    }

    private void openSelected(InspectorViewModel model) {
        GroupMember m = table.getSelectionModel().getSelectedItem();
        if (m != null) {
            model.open(m.summary());
        }
    }

    public TableView<GroupMember> table() {
        return table;
    }

    private static <T> TableColumn<GroupMember, T> column(String title, double width, Function<GroupMember, T> v) {
        TableColumn<GroupMember, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(v.apply(cell.getValue())));
        return c;
    }
}
