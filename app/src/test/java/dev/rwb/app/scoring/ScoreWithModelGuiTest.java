package dev.rwb.app.scoring;

import dev.rwb.app.WorkbenchApp;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.hf.HfConfig;
import dev.rwb.engine.hf.RandomCheckpoint;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inspect → Score with model… on a real SQLite DB holding an imported text-only rollout, with a tiny
 * random Qwen3-shaped checkpoint and the real Qwen3 tokenizer: the dialog runs {@code rwb score} as a
 * child JVM, its progress bar fills, and the open trajectory reloads with real logprobs and entropies.
 */
@ExtendWith(ApplicationExtension.class)
class ScoreWithModelGuiTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path db;
    static WorkbenchStore store;
    static long trajectoryId;
    InspectorViewModel inspectorModel;
    InspectorView inspector;

    @BeforeAll
    static void setUp() throws Exception {
        Path tokenizerFiles = Path.of(System.getProperty("rwb.test.qwen3.tokenizer"));
        model = dir.resolve("tiny-qwen3");
        RandomCheckpoint.write(model, HfConfig.builder("qwen3").hidden(32).layers(1).heads(4).kvHeads(2).headDim(8)
                .intermediate(64).vocab(151936).eos(List.of(151645, 151643)).build(), TensorDType.BF16, 5, 0.2, 1);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tokenizerFiles.resolve(f), model.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        TokenArrays tokens;
        try (HfTokenizer tok = HfTokenizer.loadModel(model)) {
            var chat = ChatTemplate.load(model).renderWithRoles(List.of(ChatMessage.user("What is 6*7?"),
                    ChatMessage.assistant("6*7 = 42.")), RenderOptions.defaults(), tok.eosTokens());
            tokens = new TokenSequenceBuilder(TextPieces.of(tok)).appendChat(chat).build();
        }
        db = dir.resolve("scored.db");
        store = WorkbenchStore.open(db);
        trajectoryId = store.insert(new Trajectory(0, "verl-import", 1, "p", "g", 0, "arithmetic", "42", "42", 1.0,
                Map.of(), true, FinishReason.STOP, 0, true, List.of(new PolicySegment(0, 1)), tokens));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        inspectorModel = new InspectorViewModel(store, new SameThreadTasks());
        inspector = new InspectorView(inspectorModel);
        BorderPane root = new BorderPane(inspector);
        root.setTop(new MenuBar(ScoreMenu.create(store, db, new SameThreadTasks(), TrainerCommandLine.ofThisJvm(),
                inspectorModel, inspector, () -> stage)));
        Scene scene = new Scene(root, 1200, 760);
        scene.getStylesheets().add(WorkbenchApp.stylesheet());
        stage.setScene(scene);
        stage.show();
        inspectorModel.refresh(() -> inspector.table().getSelectionModel().selectFirst());
    }

    @Test
    void scoresTheOpenTrajectoryInTheBackgroundAndReloadsIt(FxRobot robot) throws Exception {
        Trajectory before = inspectorModel.tokens().trajectoryProperty().get();
        assertEquals(trajectoryId, before.id());
        assertTrue(Float.isNaN(before.tokens().logprobs()[1]), "imported text-only: no logprobs yet");

        robot.clickOn("#menu-inspect");
        robot.clickOn("#menu-score-model");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#score-model-field").queryAs(TextField.class).setText(model.toString()));
        robot.clickOn("#score-start");

        WaitForAsyncUtils.waitFor(150, TimeUnit.SECONDS, () ->
                robot.lookup("#score-status").queryAs(Label.class).getText().startsWith("Scored 1 trajectory")
                        || robot.lookup("#score-status").queryAs(Label.class).getText().startsWith("Scoring failed"));
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#score-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Scored 1 trajectory"), status);
        assertEquals(1.0, robot.lookup("#score-progress").queryAs(ProgressBar.class).getProgress(), 1e-9);

        Trajectory stored = store.load(trajectoryId);
        Trajectory shown = inspectorModel.tokens().trajectoryProperty().get();
        for (int t = 1; t < stored.tokens().length(); t++) {
            assertFalse(Float.isNaN(stored.tokens().logprobs()[t]), "logprob " + t + " written");
            assertTrue(stored.tokens().entropies()[t] > 0, "entropy " + t + " written");
            assertEquals(stored.tokens().logprobs()[t], shown.tokens().logprobs()[t], "the open trajectory reloaded");
        }
    }
}
