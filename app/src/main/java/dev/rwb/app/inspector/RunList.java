package dev.rwb.app.inspector;

import dev.rwb.app.runlist.RunLabels;
import dev.rwb.engine.store.RunSummary;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;

import java.util.List;
import java.util.Locale;

/** The runs in the DB (multi-select; nothing selected = all runs), with their counts. */
public final class RunList extends ListView<RunSummary> {
    private final InspectorViewModel model;
    /** Set while code changes the selection, so the listener does not query the rows a second time. */
    private boolean selectingInCode;

    public RunList(InspectorViewModel model) {
        super(model.runs());
        this.model = model;
        setId("run-list");
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunSummary r, boolean empty) {
                super.updateItem(r, empty);
                RunEval eval = empty || r == null ? null : model.runEval(r.run().name());
                setText(empty || r == null ? null : describe(r) + (eval == null ? "" : "\n" + eval.lines()));
                setTooltip(eval == null ? null : new javafx.scene.control.Tooltip(eval.detail()));
                // the theme's fixed 2.8em cell holds two lines; the eval numbers' two more need their own height
                setStyle(eval == null ? null : "-fx-cell-size: 5.4em;");
                setContextMenu(empty || r == null ? null : menuFor(model, r));
            }
        });
        getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunSummary>) c -> {
            if (selectingInCode) {
                return;
            }
            List<String> names = getSelectionModel().getSelectedItems().stream()
                    .map(r -> r.run().name()).toList();
            model.selectRuns(names, () -> { });
        });
    }

    /** Selects just the run {@code name} and filters the table to it; {@code whenLoaded} runs after the rows came. */
    public void selectOnly(String name, Runnable whenLoaded) {
        selectingInCode = true;
        try {
            getSelectionModel().clearSelection();
            getItems().stream().filter(r -> r.run().name().equals(name)).findFirst().ifPresent(r -> {
                getSelectionModel().select(r);
                scrollTo(r);
            });
        } finally {
            selectingInCode = false;
        }
        model.selectRuns(List.of(name), whenLoaded);
    }

    /** The run's context menu: delete it (after a confirmation that says what goes with it). */
    private static ContextMenu menuFor(InspectorViewModel model, RunSummary r) {
        MenuItem delete = new MenuItem("Delete run…");
        delete.setOnAction(e -> confirmAndDelete(model, r));
        return new ContextMenu(delete);
    }

    /** A button under the list that deletes the one selected run, after the same confirmation. */
    public Button deleteButton(InspectorViewModel model) {
        Button delete = new Button("Delete run…");
        delete.setId("delete-run");
        delete.disableProperty().bind(javafx.beans.binding.Bindings.size(getSelectionModel().getSelectedItems()).isNotEqualTo(1));
        delete.setOnAction(e -> confirmAndDelete(model, getSelectionModel().getSelectedItem()));
        return delete;
    }

    private static void confirmAndDelete(InspectorViewModel model, RunSummary r) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Delete run '" + r.run().name() + "' with its "
                + r.trajectories() + " trajectories, its metrics and its checkpoints? This cannot be undone.",
                ButtonType.CANCEL, DELETE);
        confirm.setTitle("Delete run");
        confirm.setHeaderText(null);
        confirm.showAndWait().filter(DELETE::equals).ifPresent(b -> model.deleteRun(r, () -> { }));
    }

    /** The confirmation's button that deletes. */
    static final ButtonType DELETE = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);

    private static String describe(RunSummary r) {
        String model = RunLabels.model(r);
        String first = r.run().name() + (model.isEmpty() ? "" : "  ·  " + model);
        if (RunLabels.isEmptyStopped(r)) {
            return first + "\n" + r.run().kind() + " · " + RunLabels.EMPTY;
        }
        String accuracy = Double.isNaN(r.accuracy()) ? "—" : String.format(Locale.ROOT, "%.0f%%", 100 * r.accuracy());
        return first + "\n" + r.run().kind() + " · " + r.trajectories() + " traj · steps "
                + r.minStep() + "–" + r.maxStep() + " · acc " + accuracy;
    }
}
