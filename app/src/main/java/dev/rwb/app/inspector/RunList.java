package dev.rwb.app.inspector;

import dev.rwb.engine.store.RunSummary;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;

import java.util.List;
import java.util.Locale;

/** The runs in the DB (multi-select; nothing selected = all runs), with their counts. */
public final class RunList extends ListView<RunSummary> {
    public RunList(InspectorViewModel model) {
        super(model.runs());
        setId("run-list");
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunSummary r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : describe(r));
            }
        });
        getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunSummary>) c -> {
            List<String> names = getSelectionModel().getSelectedItems().stream()
                    .map(r -> r.run().name()).toList();
            model.selectRuns(names, () -> { });
        });
    }

    private static String describe(RunSummary r) {
        String accuracy = Double.isNaN(r.accuracy()) ? "—" : String.format(Locale.ROOT, "%.0f%%", 100 * r.accuracy());
        return r.run().name() + "\n" + r.run().kind() + " · " + r.trajectories() + " traj · steps "
                + r.minStep() + "–" + r.maxStep() + " · acc " + accuracy;
    }
}
