package dev.rwb.app.scoring;

import dev.rwb.app.models.ModelChoice;
import dev.rwb.engine.store.TrajectoryQuery;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Inspect → Score with model… dialog, a thin view over {@link ScoringViewModel}: a model (a
 * folder, or an entry of the Hugging Face cache shown with its architecture and size), the
 * trajectories to score (the open one or the current filter), whether the scores are the policy's
 * (logprob, entropy) or the reference's (ref_logprob), and a progress bar. It stays open while the
 * job runs and shows how it ended.
 */
public final class ScoreWithModelDialog extends Dialog<Void> {
    public static final ButtonType CLOSE = new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE);

    public ScoreWithModelDialog(ScoringViewModel model, Window owner, LongSupplier openTrajectory,
                                Supplier<TrajectoryQuery.Builder> filter, Runnable whenScored) {
        initOwner(owner);
        setTitle("Score with model");
        setHeaderText("Per-token logprob and entropy from a Hugging Face model (runs as rwb score)");
        TextField folder = new TextField();
        folder.setId("score-model-field");
        folder.setPromptText("model folder, or Qwen/Qwen2.5-0.5B-Instruct from the HF cache");
        folder.textProperty().bindBidirectional(model.modelProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Folder…");
        browse.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getDialogPane().getScene().getWindow());
            if (dir != null) {
                model.modelProperty().set(dir.getAbsolutePath());
            }
        });
        ComboBox<ModelChoice> cache = new ComboBox<>(model.cachedModels());
        cache.setId("score-cache-choice");
        cache.setPromptText("Hugging Face cache");
        cache.setMaxWidth(Double.MAX_VALUE);
        cache.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.modelProperty().set(now.spec());
            }
        });

        ToggleGroup which = new ToggleGroup();
        RadioButton open = new RadioButton("Open trajectory");
        open.setId("score-target-open");
        open.setToggleGroup(which);
        open.setUserData(ScoreTarget.OPEN_TRAJECTORY);
        RadioButton filtered = new RadioButton("All trajectories of the current filter");
        filtered.setId("score-target-filter");
        filtered.setToggleGroup(which);
        filtered.setUserData(ScoreTarget.CURRENT_FILTER);
        which.selectToggle(model.targetProperty().get() == ScoreTarget.CURRENT_FILTER ? filtered : open);
        which.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.targetProperty().set((ScoreTarget) now.getUserData());
            }
        });
        CheckBox reference = new CheckBox("As the reference model (writes ref_logprob)");
        reference.setId("score-as-reference");
        reference.setMnemonicParsing(false);
        reference.selectedProperty().bindBidirectional(model.asReferenceProperty());

        ProgressBar bar = new ProgressBar(0);
        bar.setId("score-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.runningProperty().or(model.progressProperty().greaterThan(0)));
        Label status = new Label();
        status.setId("score-status");
        status.setWrapText(true);
        status.setMaxWidth(560);
        status.textProperty().bind(model.statusProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Model"), new HBox(6, folder, browse));
        grid.addRow(1, new Label(""), cache);
        grid.addRow(2, new Label("Score"), new HBox(12, open, filtered));
        grid.addRow(3, new Label(""), reference);
        grid.add(bar, 0, 4, 2, 1);
        grid.add(status, 0, 5, 2, 1);
        grid.setPrefWidth(640);
        getDialogPane().setContent(grid);

        ButtonType scoreType = new ButtonType("Score", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(scoreType, CLOSE);
        Button score = (Button) getDialogPane().lookupButton(scoreType);
        score.setId("score-start");
        score.disableProperty().bind(model.runningProperty());
        // Keep the dialog open: Score starts the job, Close leaves it running in the background.
        score.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            model.start(openTrajectory.getAsLong(), filter, whenScored);
        });
        model.loadCache();
    }
}
