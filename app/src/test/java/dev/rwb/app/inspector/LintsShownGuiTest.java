package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.VBox;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose second trajectory trains its tool response (RAGEN #71's inverted mask): the table's
 * "lints" column counts its findings, and the lines under the token view say what is wrong.
 */
@ExtendWith(ApplicationExtension.class)
class LintsShownGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("lints.db"));
        List<Trajectory> ts = new TestTrajectories(5).groups("lints", 0, 1, 2);
        store.insert(additive(ts.get(0)));
        Trajectory t = additive(ts.get(1));
        TokenArrays a = t.tokens();
        float[] w = new float[a.length()];
        for (int i = 0; i < w.length; i++) {
            w[i] = a.roles()[i] == Role.TOOL_RESPONSE ? 1f : 0f;
        }
        store.insert(t.withTokens(a.withUpdate(w, new float[a.length()], a.clipped())));
        RunLinter.standard().lint(store, "lints", null);
    }

    /** Components that add up to the reward, so the clean trajectory raises nothing. */
    private static Trajectory additive(Trajectory t) {
        return new Trajectory(t.id(), t.run(), t.step(), t.promptId(), "", t.sampleIndex(), t.task(),
                t.groundTruth(), t.finalAnswer(), t.reward(), Map.of("correctness", t.reward()), t.correct(),
                t.finishReason(), t.numToolCalls(), t.textOnly(), t.policySegments(), t.tokens());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
        model.refresh(() -> view.table().getSelectionModel().selectFirst());
    }

    @Test
    void theLintsColumnAndTheLinesUnderTheTokensShowTheFindings(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Set<Node> cells = robot.lookup(".table-cell").queryAll();
        List<String> lintCells = cells.stream().filter(n -> n.getId() != null && n.getId().equals("lint-count"))
                .map(n -> ((TableCell<?, ?>) n).getText()).filter(s -> s != null && !s.isEmpty()).toList();
        assertEquals(List.of("⚠ 1"), lintCells, "only the inverted trajectory has a finding");

        VBox lines = robot.lookup("#lint-lines").queryAs(VBox.class);
        robot.interact(() -> view.table().getSelectionModel().clearAndSelect(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, lines.getChildren().size(), "the clean trajectory has no lint lines");

        robot.interact(() -> view.table().getSelectionModel().clearAndSelect(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, lines.getChildren().size());
        String text = ((Label) lines.getChildren().get(0)).getText();
        assertTrue(text.startsWith("⚠ masked-role-trained: tool_response tokens at positions"), text);
        assertTrue(text.contains("inverted mask"), text);
        assertTrue(((Label) lines.getChildren().get(0)).getTooltip().getText().startsWith("RAGEN #71 · tokens ["));
    }
}
