package dev.rwb.app.compare;

import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.diff.TrajectoryDiff;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
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

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compare → Token diff: two runs answer the same prompts; paired by prompt id, the diff shows run
 * B's tokens with the aligned ones coloured by Δ logprob on the signed scale, B's extra token
 * outlined and A's dropped token struck through.
 */
@ExtendWith(ApplicationExtension.class)
class TokenDiffGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    CompareView compare;

    /** A trajectory of words (id = the word's index in a shared list), logprob −0.1 each unless changed. */
    static Trajectory words(String run, String prompt, String[] words, float[] logprobs) {
        List<String> vocab = List.of("What", " is", " 2+3", "?", " It", " is", " 5", " five", ".", " Sure");
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < words.length; i++) {
            boolean answer = i >= 4;
            b.add(vocab.indexOf(words[i]) + 10, words[i], answer ? Role.ANSWER : Role.PROMPT, 0, answer ? 1f : 0f,
                    logprobs[i], Float.NaN, 0.2f, 0.5f, 0.5f * logprobs[i], false);
        }
        return new Trajectory(0, run, 1, prompt, prompt + "-" + run, 0, "arith", "5", "5", 1, Map.of(), true,
                FinishReason.STOP, 0, false, List.of(), b.build());
    }

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("diff.db"));
        String[] a = {"What", " is", " 2+3", "?", " It", " is", " five", "."};
        String[] b = {"What", " is", " 2+3", "?", " Sure", " It", " is", " 5"};
        store.insert(words("run-a", "p0", a, new float[]{-1, -1, -1, -1, -0.5f, -0.4f, -2f, -0.3f}));
        store.insert(words("run-b", "p0", b, new float[]{-1, -1, -1, -1, -3f, -0.1f, -0.4f, -0.2f}));
        store.insert(words("run-a", "only-a", a, new float[8]));
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

    /** The Run A or Run B box, with {@code run} chosen in it. */
    @SuppressWarnings("unchecked")
    private static javafx.scene.control.ComboBox<String> runCombo(FxRobot robot, String id, String run) {
        javafx.scene.control.ComboBox<String> box = robot.lookup(id).queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> box.setValue(run));
        return box;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScreensRunRefreshKeepsTheChosenRuns(FxRobot robot) {
        javafx.scene.control.ComboBox<String> a = runCombo(robot, "#diff-run-a", "run-a");
        javafx.scene.control.ComboBox<String> b = runCombo(robot, "#diff-run-b", "run-b");
        robot.interact(compare::refreshRuns); // what the screen does by itself every few seconds
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("run-a", a.getValue(), "run A is still chosen after a refresh of the same runs");
        assertEquals("run-b", b.getValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewRunInTheRefreshKeepsTheChosenRuns(FxRobot robot) {
        javafx.scene.control.ComboBox<String> a = runCombo(robot, "#diff-run-a", "run-a");
        javafx.scene.control.ComboBox<String> b = runCombo(robot, "#diff-run-b", "run-b");
        int before = a.getItems().size();
        // a run that appears while the user compares (a trainer started, an import landed)
        String name = "run-new-" + System.nanoTime();
        store.insert(words(name, "p9", new String[] {"What", "?"}, new float[2]));
        try {
            robot.interact(compare::refreshRuns);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(before + 1, a.getItems().size(), "the new run is listed: " + a.getItems());
            assertEquals("run-a", a.getValue(), "run A is still chosen after a refresh that brought a new run");
            assertEquals("run-b", b.getValue());
            assertEquals("run-a", a.getSelectionModel().getSelectedItem(), "and shown as selected");
            // chosen before the list has it ("compare with…" right after an import), then listed
            String later = "run-later-" + System.nanoTime();
            store.insert(words(later, "p9", new String[] {"What", "?"}, new float[2]));
            robot.interact(() -> compare.openTokenDiff("run-a", later));
            robot.interact(compare::refreshRuns);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(later, b.getValue(), "a run chosen before it was listed stays chosen once listed");
            assertEquals("run-a", a.getValue());
            assertEquals(later, b.getSelectionModel().getSelectedItem());
            robot.interact(compare::refreshRuns);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(later, b.getValue(), "and after the next refresh");
            store.listRuns().stream().filter(r -> r.run().name().equals(later))
                    .forEach(r -> store.deleteRun(r.run().id()));
        } finally {
            store.listRuns().stream().filter(r -> r.run().name().equals(name))
                    .forEach(r -> store.deleteRun(r.run().id()));
            robot.interact(compare::refreshRuns);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void samePromptsOfTwoRunsAreAlignedAndColouredByTheirDelta(FxRobot robot) {
        robot.interact(() -> compare.openTokenDiff("run-a", "run-b"));
        robot.clickOn("#diff-pair");
        WaitForAsyncUtils.waitForFxEvents();
        TrajectoryDiffView view = compare.tokenDiff();
        assertEquals(1, view.pairList().getItems().size(), "only p0 is in both runs");
        assertEquals("p0", view.pairList().getItems().get(0).promptId());
        var area = view.area();
        assertEquals("What is 2+3? Sure It is five. 5", area.getText(), "B's tokens with A's dropped ones in place");
        int sure = area.getText().indexOf(" Sure");
        assertEquals(List.of(TrajectoryDiffView.INSERTED), List.copyOf(area.getStyleAtPosition(sure + 1)));
        int five = area.getText().indexOf(" five");
        assertEquals(List.of(TrajectoryDiffView.DELETED), List.copyOf(area.getStyleAtPosition(five + 1)));
        // " It": −0.1 − (−0.5) = +0.4, the largest |Δ| of the aligned tokens
        Collection<String> it = area.getStyleAtPosition(area.getText().indexOf(" It") + 1);
        assertEquals(List.of("heat-rd-bu-20"), List.copyOf(it), "the largest positive Δ: the darkest blue bin");
        Collection<String> what = area.getStyleAtPosition(1);
        assertEquals(List.of("heat-rd-bu-10"), List.copyOf(what), "Δ = 0: the white bin");
        assertTrue(view.legend().getText().startsWith("Δ logprob = B − A on aligned tokens"), view.legend().getText());

        assertTrue(robot.lookup("#diff-status").queryLabeled().getText()
                .startsWith("p0: 6 aligned (common prefix 4), 2 only in B, 2 only in A"),
                robot.lookup("#diff-status").queryLabeled().getText());
        javafx.scene.control.ComboBox<?> value = robot.lookup("#diff-value").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> compare.tokenDiff().pairList().getSelectionModel().selectFirst());
        robot.interact(() -> ((javafx.scene.control.ComboBox<TrajectoryDiff.Value>) value).setValue(TrajectoryDiff.Value.ENTROPY));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("heat-rd-bu-10"), List.copyOf(area.getStyleAtPosition(area.getText().indexOf(" It") + 1)),
                "equal entropies: white");
        assertTrue(view.legend().getText().contains("no difference above the floor"), view.legend().getText());
    }
}
