package dev.rwb.app.scoring;

import dev.rwb.app.models.HfCacheListing;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The Inspect menu: Score with model… re-scores the open trajectory or the current filter with a
 * Hugging Face model and, when it is done, reloads the open trajectory so its new logprob and
 * entropy colours show.
 */
public final class ScoreMenu {
    private ScoreMenu() {
    }

    public static Menu create(WorkbenchStore store, Path db, BackgroundTasks tasks, TrainerCommandLine commandLine,
                              InspectorViewModel inspectorModel, InspectorView inspector, Supplier<Window> owner) {
        ScoringViewModel scoring = new ScoringViewModel(store, db, tasks, commandLine, Platform::runLater,
                HfCacheListing::list);
        MenuItem score = new MenuItem("Score with model…");
        score.setId("menu-score-model");
        score.setOnAction(e -> new ScoreWithModelDialog(scoring, owner.get(),
                () -> {
                    TrajectorySummary open = inspector.selected();
                    return open == null ? -1 : open.id();
                },
                inspectorModel::currentQuery,
                () -> inspectorModel.open(inspector.selected())).show());
        Menu menu = new Menu("Inspect", null, score);
        menu.setId("menu-inspect");
        return menu;
    }
}
