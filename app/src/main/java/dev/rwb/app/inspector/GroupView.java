package dev.rwb.app.inspector;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.store.TrajectorySummary;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * All samples of the selected trajectory's prompt group, one per row, with reward and advantage
 * side by side: the group baseline at a glance. Double-click or Enter opens a sample's tokens.
 * The advantage bars use the token view's scale (one per run by default; per group when the
 * token view is per trajectory, since a bar per trajectory would always be full) with its floor,
 * the line under the table says which, and a group whose rewards are all equal is labelled
 * "no signal (all rewards equal)".
 */
public final class GroupView extends BorderPane {
    private final TableView<GroupMember> table;
    private final InspectorViewModel model;
    private final Label noSignal = new Label();
    private final Label scaleLine = new Label();
    private Consumer<TrajectorySummary> onOpen;

    public GroupView(InspectorViewModel model) {
        this.model = model;
        table = new TableView<>(model.group());
        table.setId("group-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("sample", 60, m -> m.summary().sampleIndex()));
        table.getColumns().add(column("id", 60, m -> m.summary().id()));
        table.getColumns().add(column("reward", 70, m -> CorrectCell.reward(m.summary())));
        TableColumn<GroupMember, Double> advantage = column("advantage", 140, GroupMember::advantage);
        advantage.setCellFactory(c -> new AdvantageCell<>(this::barScale));
        table.getColumns().add(advantage);
        TableColumn<GroupMember, Boolean> correct = column("correct", 90, m -> CorrectCell.verdict(m.summary()));
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
        noSignal.setId("group-no-signal");
        noSignal.setStyle("-fx-font-weight: bold; -fx-background-color: #fff3c4; -fx-padding: 1 6 1 6;");
        scaleLine.setId("group-scale");
        scaleLine.setWrapText(true);
        scaleLine.setPadding(new Insets(4, 8, 4, 8));
        HBox top = new HBox(12, header, noSignal);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // The table holds its items list; a listener on a fresh model.group() wrapper could be collected.
        table.getItems().addListener((ListChangeListener<GroupMember>) change -> describeScale());
        model.tokens().scopeProperty().addListener((obs, old, now) -> {
            describeScale();
            table.refresh();
        });
        describeScale();
        setTop(top);
        setCenter(table);
        setBottom(scaleLine);
    }

    /** The scale of the advantage bars: the token view's scope, per group in place of per trajectory. */
    HeatScale barScale() {
        ScaleScope scope = model.tokens().scopeProperty().get();
        ScaleContext context = model.tokens().contextProperty().get();
        double own = model.group().stream().mapToDouble(m -> Double.isNaN(m.advantage()) ? 0 : Math.abs(m.advantage()))
                .max().orElse(0);
        return HeatScale.signed(ColorMode.ADVANTAGE, own, scope == ScaleScope.TRAJECTORY ? ScaleScope.GROUP : scope,
                context);
    }

    private void describeScale() {
        ScaleContext context = model.tokens().contextProperty().get();
        boolean none = !model.group().isEmpty() && context.groupRewardsEqual();
        noSignal.setText(none ? LegendText.NO_SIGNAL_EQUAL_REWARDS : "");
        noSignal.setVisible(none);
        noSignal.setManaged(none);
        scaleLine.setText(model.group().isEmpty() ? "" : "Advantage bars (RdBu, red < 0, blue > 0): "
                + barScale().scaleText());
    }

    private void openSelected(InspectorViewModel model) {
        GroupMember m = table.getSelectionModel().getSelectedItem();
        if (m != null) {
            if (onOpen != null) {
                onOpen.accept(m.summary());
            } else {
                model.open(m.summary());
            }
        }
    }

    /** What opening a sample does (the inspector shows its tokens and selects its row); default: just open it. */
    public void setOnOpen(Consumer<TrajectorySummary> onOpen) {
        this.onOpen = onOpen;
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
