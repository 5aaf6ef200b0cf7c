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

    @Test
    void theLintFilterKeepsTheFlaggedTrajectoryAndItsTokensAreMarked(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> lint = robot.lookup("#filter-lint").queryAs(javafx.scene.control.ComboBox.class);
        assertTrue(lint.getItems().contains("template-drift"), lint.getItems().toString());
        robot.interact(() -> lint.setValue(dev.rwb.engine.store.TrajectoryQuery.ANY_LINT));
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.table().getItems().size(), "has a lint: only the inverted trajectory");
        robot.interact(() -> lint.setValue("stop-token-untrained"));
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, view.table().getItems().size(), "no trajectory has that lint");
        robot.interact(() -> lint.setValue("masked-role-trained"));
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.table().getItems().size());

        robot.interact(() -> view.table().getSelectionModel().clearAndSelect(0));
        WaitForAsyncUtils.waitForFxEvents();
        var marks = model.tokens().activeMarks();
        Trajectory shown = model.tokens().trajectoryProperty().get();
        int tools = 0;
        for (int i = 0; i < shown.tokens().length(); i++) {
            boolean tool = shown.tokens().roles()[i] == Role.TOOL_RESPONSE;
            tools += tool ? 1 : 0;
            assertEquals(tool, marks.kindOf(i) == dev.rwb.app.tokens.TokenMarks.Kind.LINT, "token " + i);
        }
        assertTrue(tools > 0);
        // The marked tokens carry the mark's class in the area, and their lines a ⚠ in the gutter.
        var area = view.tokenView().area();
        var doc = model.tokens().documentProperty().get();
        int first = marks.byToken().keySet().iterator().next();
        assertTrue(area.getStyleAtPosition(doc.tokenStart(first) + 1).contains("tok-mark-lint"),
                area.getStyleAtPosition(doc.tokenStart(first) + 1).toString());
        int paragraph = area.offsetToPosition(doc.tokenStart(first), org.fxmisc.richtext.model.TwoDimensional.Bias.Forward)
                .getMajor();
        assertEquals(dev.rwb.app.tokens.TokenMarks.Kind.LINT, model.tokens().markOfParagraph(paragraph));
        robot.interact(() -> area.showParagraphAtTop(paragraph));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> glyphs = robot.lookup(".mark-gutter").queryAll().stream()
                .map(n -> ((Label) n).getText()).filter(t -> !t.isEmpty()).toList();
        assertTrue(!glyphs.isEmpty() && glyphs.stream().allMatch("⚠"::equals), glyphs.toString());
        assertTrue(model.tokens().markNotes(first, " · ").contains("⚠ masked-role-trained"));
        robot.interact(() -> {
            lint.setValue(null);
            model.filter().clear();
        });
    }
}
