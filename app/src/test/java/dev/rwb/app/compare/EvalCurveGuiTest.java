package dev.rwb.app.compare;

import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.SameThreadTasks;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compare → Eval curve: per step, the unbiased pass@k from the stored groups (verl PR #7240's case:
 * 1 correct of 4 gives pass@4 = 1.0), pass^k, maj@k and mean@k.
 */
@ExtendWith(ApplicationExtension.class)
class EvalCurveGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    CompareView compare;

    static Trajectory sample(int step, String prompt, int i, boolean correct) {
        TokenArrays.Builder b = TokenArrays.builder();
        b.add(1, "Q", Role.PROMPT, 0);
        b.add(2, correct ? " 4" : " " + (5 + i), Role.ANSWER, 0, 1f, -0.1f, -0.1f, 0.1f, 0f, 0f, false);
        return new Trajectory(0, "evals", step, prompt, prompt + "@" + step, i, "arith", "4", correct ? "4" : "" + (5 + i),
                correct ? 1 : 0, Map.of(), correct, FinishReason.STOP, 0, false, List.of(), b.build());
    }

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("eval.db"));
        for (int i = 0; i < 4; i++) {
            store.insert(sample(1, "p0", i, i == 0)); // step 1: 1 of 4 correct
            store.insert(sample(2, "p0", i, i < 3)); // step 2: 3 of 4 correct
        }
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
    void passAtKPerStepFromTheStoredGroups(FxRobot robot) {
        robot.clickOn("#tab-eval-curve");
        robot.interact(() -> ((javafx.scene.control.ComboBox<?>) robot.lookup("#eval-run").query())
                .getSelectionModel().select(0));
        robot.clickOn("#eval-show");
        WaitForAsyncUtils.waitForFxEvents();
        var chart = compare.evalCurve().chart();
        var pass = chart.curve("pass@4");
        assertEquals(2, pass.getDataCount());
        assertEquals(1.0, pass.get(1, 0), 1e-12, "1 correct of 4: pass@4 = 1");
        assertEquals(1.0, pass.get(1, 1), 1e-12);
        assertEquals(0.25, chart.curve("mean@4").get(1, 0), 1e-12);
        assertEquals(0.75, chart.curve("mean@4").get(1, 1), 1e-12);
        assertEquals(0.0, chart.curve("pass^4").get(1, 1), 1e-12, "not all 4 correct");
        assertEquals(1.0, chart.curve("maj@4").get(1, 1), 1e-12, "3 of 4 say 4");
        String status = robot.lookup("#eval-status").queryLabeled().getText();
        assertTrue(status.startsWith("evals: k = 4 over 2 steps; step 2:  pass@4 1.000"), status);

        // the palette: one Okabe–Ito hue per metric; its interval's bounds lighter and out of the legend
        java.util.Map<String, javafx.scene.paint.Color> hues = java.util.Map.of(
                "pass@4", javafx.scene.paint.Color.web("#0072b2"), "pass^4", javafx.scene.paint.Color.web("#d55e00"),
                "maj@4", javafx.scene.paint.Color.web("#009e73"), "mean@4", javafx.scene.paint.Color.web("#e69f00"));
        WaitForAsyncUtils.waitForFxEvents();
        hues.forEach((metric, hue) -> {
            assertEquals(hue, chart.lineColourOf(metric), metric + " in its family's hue");
            assertTrue(chart.inLegend(metric), metric + " is in the legend");
            for (String bound : List.of(" 95% low", " 95% high")) {
                assertEquals(hue.interpolate(javafx.scene.paint.Color.WHITE, 0.5).toString().substring(0, 8),
                        chart.lineColourOf(metric + bound).toString().substring(0, 8), metric + bound + ": the hue, lighter");
                assertTrue(!chart.inLegend(metric + bound), metric + bound + " is not in the legend");
            }
        });
    }
}
