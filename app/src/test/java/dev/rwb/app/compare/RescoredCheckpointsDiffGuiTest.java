package dev.rwb.app.compare;

import dev.rwb.app.importer.ImportViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.scoring.ScoreTarget;
import dev.rwb.app.scoring.ScoringViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.diff.TrajectoryDiff;
import dev.rwb.engine.hf.HfConfig;
import dev.rwb.engine.hf.RandomCheckpoint;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import javafx.application.Platform;
import javafx.scene.Scene;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 3's "two checkpoints": the same dump imported twice (File → Import with a run name
 * and "import even if already imported"), each copy re-scored by Score with model with another tiny
 * random Qwen3-shaped checkpoint (real {@code rwb score} child JVMs, real Qwen3 tokenizer), then
 * Compare → Token diff of the two runs: every token aligned (same ids), and the model's tokens
 * coloured by a non-zero Δ logprob, while the first token (no logprob under either) stays white.
 */
@ExtendWith(ApplicationExtension.class)
class RescoredCheckpointsDiffGuiTest {
    @TempDir
    static Path dir;
    static Path db;
    static Path dump;
    static Path checkpointA;
    static Path checkpointB;
    static WorkbenchStore store;
    CompareView compare;

    @BeforeAll
    static void setUp() throws Exception {
        Path tokenizerFiles = Path.of(System.getProperty("rwb.test.qwen3.tokenizer"));
        HfConfig config = HfConfig.builder("qwen3").hidden(32).layers(1).heads(4).kvHeads(2).headDim(8)
                .intermediate(64).vocab(151936).eos(List.of(151645, 151643)).build();
        checkpointA = dir.resolve("ckpt-a");
        checkpointB = dir.resolve("ckpt-b");
        // two checkpoints of one architecture, different weights (seeds 5 and 6)
        RandomCheckpoint.write(checkpointA, config, TensorDType.BF16, 5, 0.2, 1);
        RandomCheckpoint.write(checkpointB, config, TensorDType.BF16, 6, 0.2, 1);
        for (Path m : List.of(checkpointA, checkpointB)) {
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                Files.copy(tokenizerFiles.resolve(f), m.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Trajectory> rollouts = new ArrayList<>();
        try (HfTokenizer tok = HfTokenizer.loadModel(checkpointA)) {
            String[][] qa = {{"What is 6*7?", "6*7 = 42."}, {"What is 2+3?", "2+3 = 5."}};
            for (int i = 0; i < qa.length; i++) {
                var chat = ChatTemplate.load(checkpointA).renderWithRoles(List.of(ChatMessage.user(qa[i][0]),
                        ChatMessage.assistant(qa[i][1])), RenderOptions.defaults(), tok.eosTokens());
                TokenArrays tokens = new TokenSequenceBuilder(TextPieces.of(tok)).appendChat(chat).build();
                rollouts.add(new Trajectory(0, "sampled", 1, "p" + i, "g" + i, 0, "arithmetic", "x", "x", 1.0,
                        Map.of(), true, FinishReason.STOP, 0, false, List.of(new PolicySegment(0, 1)), tokens));
            }
        }
        dump = dir.resolve("rollouts.jsonl");
        TrajectoryJsonl.write(rollouts, dump);
        db = dir.resolve("two-checkpoints.db");
        store = WorkbenchStore.open(db);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        compare = new CompareView(new CompareViewModel(store, new SameThreadTasks()), TrainerCommandLine.ofThisJvm(),
                dir.resolve("configs"));
        stage.setScene(new Scene(compare, 1200, 760));
        stage.show();
    }

    @Test
    void theSameTrajectoriesReScoredByTwoCheckpointsDifferInTheirLogprobs(FxRobot robot) throws Exception {
        importAs("scored-by-a", false);
        importAs("scored-by-b", true); // the same content again: only with the opt-in
        score("scored-by-a", checkpointA);
        score("scored-by-b", checkpointB);

        TrajectorySummary a0 = first("scored-by-a");
        TrajectorySummary b0 = first("scored-by-b");
        float[] la = store.load(a0.id()).tokens().logprobs();
        float[] lb = store.load(b0.id()).tokens().logprobs();
        assertEquals(la.length, lb.length);
        assertNotEquals(la[la.length - 1], lb[lb.length - 1], "the two checkpoints give another logprob");

        robot.interact(() -> {
            // the runs were imported after the screen opened: list them now rather than wait for the
            // screen's 3 s refresh, which under load could come between choosing A/B and pairing
            compare.refreshRuns();
            compare.openTokenDiff("scored-by-a", "scored-by-b");
        });
        robot.clickOn("#diff-pair");
        WaitForAsyncUtils.waitForFxEvents();
        TrajectoryDiffView view = compare.tokenDiff();
        assertEquals(2, view.pairList().getItems().size(), "both prompts are in both runs");
        robot.interact(() -> view.pairList().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        var area = view.area();
        assertTrue(robot.lookup("#diff-status").queryLabeled().getText().contains(la.length + " aligned"),
                robot.lookup("#diff-status").queryLabeled().getText());
        assertTrue(robot.lookup("#diff-status").queryLabeled().getText().contains("0 only in B, 0 only in A"),
                robot.lookup("#diff-status").queryLabeled().getText());
        // walk the text: every styled run is a heat bin; count the ones that are not white (bin 10)
        int coloured = 0;
        boolean extreme = false;
        for (int pos = 0; pos < area.getLength(); pos++) {
            Collection<String> style = area.getStyleAtPosition(pos + 1);
            assertFalse(style.contains(TrajectoryDiffView.INSERTED) || style.contains(TrajectoryDiffView.DELETED),
                    "the same ids: nothing inserted or deleted at " + pos);
            if (style.stream().anyMatch(s -> s.startsWith("heat-rd-bu-") && !s.equals("heat-rd-bu-10"))) {
                coloured++;
            }
            extreme |= style.contains("heat-rd-bu-0") || style.contains("heat-rd-bu-20");
        }
        assertTrue(coloured >= area.getLength() / 4, "the aligned tokens carry non-zero Δ logprob colours: "
                + coloured + " of " + area.getLength() + " characters");
        assertTrue(extreme, "the largest |Δ logprob| is drawn in an end bin of the diverging scale");
        assertTrue(view.legend().getText().startsWith("Δ logprob = B − A on aligned tokens"), view.legend().getText());
        assertFalse(view.legend().getText().contains("no difference above the floor"), view.legend().getText());
        assertEquals(TrajectoryDiff.Value.LOGPROB, robot.lookup("#diff-value").queryComboBox().getValue());
    }

    /** File → Import of the dump into a run of this name (the view model the import dialog drives). */
    private static void importAs(String run, boolean allowDuplicate) throws Exception {
        ImportViewModel model = new ImportViewModel(db, new SameThreadTasks());
        AtomicReference<String> imported = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> {
            model.sourceProperty().set(dump.toString());
            model.runNameProperty().set(run);
            model.allowDuplicateProperty().set(allowDuplicate);
            model.startImport(summary -> imported.set(summary.runs().get(0)));
        }).get(60, TimeUnit.SECONDS);
        assertEquals(run, imported.get(), "imported: " + model.messageProperty().get());
    }

    /** Inspect → Score with model… on "all trajectories of the current filter" = this run. */
    private static void score(String run, Path checkpoint) throws Exception {
        ScoringViewModel scoring = new ScoringViewModel(store, db, new SameThreadTasks(), TrainerCommandLine.ofThisJvm(),
                Platform::runLater, List::of);
        AtomicReference<Boolean> done = new AtomicReference<>(false);
        WaitForAsyncUtils.asyncFx(() -> {
            scoring.modelProperty().set(checkpoint.toString());
            scoring.targetProperty().set(ScoreTarget.CURRENT_FILTER);
            scoring.start(-1, () -> TrajectoryQuery.builder().run(run), () -> done.set(true));
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(() -> scoring.runningProperty().get()).get() && done.get());
        String status = WaitForAsyncUtils.asyncFx(() -> scoring.statusProperty().get()).get();
        assertTrue(status.startsWith("Scored 2 trajectories"), run + ": " + status);
    }

    private static TrajectorySummary first(String run) {
        return store.query(TrajectoryQuery.builder().run(run).page(0, 10).build()).rows().get(0);
    }
}
