package dev.rwb.app.inspector;

import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector's run list shows each run's eval numbers from the groups of its last step: with two
 * groups of 4 (1 and 3 correct), pass@4 = (1 + 1)/2, pass^4 = 0, maj@4 = (0 + 1)/2 and mean@4 =
 * (0.25 + 0.75)/2; a run without groups (one sample per prompt) shows none, and so does one whose
 * samples have no verdict (unknown is not wrong: never "pass@4 0.00").
 */
@ExtendWith(ApplicationExtension.class)
class RunListEvalGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorViewModel model;

    static Trajectory sample(String run, int step, String prompt, int i, boolean correct) {
        TokenArrays.Builder b = TokenArrays.builder();
        b.add(1, "Q", Role.PROMPT, 0);
        // every wrong sample says 5: a majority of wrong ones votes 5
        b.add(2, correct ? " 4" : " 5", Role.ANSWER, 0, 1f, -0.1f, -0.1f, 0.1f, 0f, 0f, false);
        return new Trajectory(0, run, step, prompt, prompt + "@" + step, i, "arith", "4", correct ? "4" : "5",
                correct ? 1 : 0, Map.of(), correct, FinishReason.STOP, 0, false, List.of(), b.build());
    }

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("run-evals.db"));
        for (int i = 0; i < 4; i++) {
            store.insert(sample("grouped", 1, "p0", i, false)); // an earlier step: not the one shown
            store.insert(sample("grouped", 2, "p0", i, i == 0)); // last step: 1 of 4 correct
            store.insert(sample("grouped", 2, "p1", i, i < 3)); // and 3 of 4
        }
        store.insert(sample("single", 1, "q0", 0, true));
        for (int i = 0; i < 4; i++) {
            Trajectory t = sample("unscored", 1, "u0", i, false);
            store.insert(new Trajectory(0, t.run(), t.step(), t.promptId(), t.groupId(), t.sampleIndex(), t.task(),
                    t.groundTruth(), t.finalAnswer(), Double.NaN, Map.of(), false, FinishReason.STOP, 0, false,
                    List.of(), t.tokens()));
        }
    }

    @AfterAll
    static void close() {
        store.close();
        javafx.application.Application.setUserAgentStylesheet(null);
    }

    @Start
    void start(Stage stage) {
        // the app's theme: its list cells have a fixed height of 2.8em, which a third line must not overflow
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        model = new InspectorViewModel(store, new SameThreadTasks());
        stage.setScene(new Scene(new InspectorView(model), 1200, 760));
        stage.show();
        model.refresh(() -> { });
    }

    @Test
    void eachRunShowsPassAtKMajAtKPassHatKAndMeanAtKOfItsLastStep(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<?> grouped = cell(robot, "grouped");
        assertNotNull(grouped);
        String[] lines = grouped.getText().split("\n");
        assertEquals(4, lines.length, grouped.getText());
        assertEquals("pass@4 1.00 · pass^4 0.00", lines[2]);
        assertEquals("maj@4 0.50 · mean@4 0.50", lines[3]);
        assertTrue(grouped.getTooltip().getText().startsWith("Step 2, 2 groups of ≥ 4 samples: pass@4 = 1.000"),
                grouped.getTooltip().getText());
        javafx.scene.text.Text drawn = (javafx.scene.text.Text) grouped.lookup(".text");
        assertEquals(grouped.getText(), drawn.getText(), "all four lines drawn, none cut off by the cell's height");
        ListCell<?> single = cell(robot, "single");
        assertEquals(2, single.getText().split("\n").length, "no groups, no eval line: " + single.getText());
        ListCell<?> unscored = cell(robot, "unscored");
        assertEquals(2, unscored.getText().split("\n").length, "no verdicts, no eval line: " + unscored.getText());
    }

    private static ListCell<?> cell(FxRobot robot, String run) {
        return robot.lookup("#run-list .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith(run + "\n") || c.getText() != null && c.getText().startsWith(run + "  "))
                .findFirst().orElse(null);
    }
}
