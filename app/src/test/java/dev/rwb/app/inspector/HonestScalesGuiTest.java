package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.compare.WhatIfMaskingView;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.Palette;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's honest scales on a real DB under headless Monocle: a zero-variance group (eight rewards
 * of 0.100, advantages ±1.1e-14 of round-off) next to a group with signal, in the token view, the
 * group view and the what-if view.
 */
@ExtendWith(ApplicationExtension.class)
class HonestScalesGuiTest {
    private static final String WHITE = HeatScale.binClass(Palette.RD_BU, HeatScale.SIGNED_HALF_BINS);
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("scales.db"));
        TestTrajectories gen = new TestTrajectories(5);
        double[] flat = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        double[] noise = new double[8];
        for (int i = 0; i < 8; i++) {
            noise[i] = i % 2 == 0 ? 1.1e-14 : -1.1e-14;
        }
        store.insertAll(gen.group("flat", 3, "zero", flat, noise));
        double[] mixed = {1, 0, 1, 0, 0, 0, 1, 0};
        double[] big = {1.3, -0.8, 1.3, -0.8, -0.8, -0.8, 1.3, -0.8};
        store.insertAll(gen.group("flat", 3, "mixed", mixed, big));
        double[] small = {0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        double[] modest = {0.35, -0.05, -0.05, -0.05, -0.05, -0.05, -0.05, -0.05};
        store.insertAll(gen.group("flat", 3, "small", small, modest));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
    }

    private void open(FxRobot robot, String group, int sample) {
        TrajectorySummary s = store.group("flat", 3, "flat-s3-" + group).get(sample);
        robot.interact(() -> model.open(s));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void mode(FxRobot robot, ColorMode mode) {
        robot.interact(() -> model.tokens().modeProperty().set(mode));
    }

    private StyleClassedTextArea area() {
        return view.tokenView().area();
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void aZeroVarianceGroupIsWhiteAndSaysNoSignalInTheTokenView(FxRobot robot) {
        open(robot, "zero", 1);
        TokenArrays t = model.tokens().trajectoryProperty().get().tokens();
        for (ColorMode m : List.of(ColorMode.ADVANTAGE, ColorMode.CONTRIBUTION)) {
            mode(robot, m);
            int trained = 0;
            for (int i = 0; i < t.length(); i++) {
                if (t.lossWeights()[i] > 0) {
                    trained++;
                    var style = area().getStyleOfChar(model.tokens().documentProperty().get().tokenStart(i));
                    assertTrue(style.contains(WHITE), m + " token " + i + ": " + style);
                }
            }
            assertTrue(trained > 10);
            assertEquals(LegendText.NO_SIGNAL_EQUAL_REWARDS, text(robot, "#legend-no-signal"));
            assertTrue(robot.lookup("#legend-no-signal").query().isVisible());
            assertTrue(text(robot, "#legend-scale").startsWith("scale: one scale per run, ±"), text(robot, "#legend-scale"));
        }
    }

    @Test
    void signedColoursUseOneScalePerRunByDefaultAndTheLegendSaysWhich(FxRobot robot) {
        mode(robot, ColorMode.CONTRIBUTION);
        open(robot, "small", 0);
        HeatScale small = model.tokens().scaleProperty().get();
        assertFalse(robot.lookup("#legend-no-signal").query().isVisible(), "this group has signal");
        open(robot, "mixed", 0);
        HeatScale mixed = model.tokens().scaleProperty().get();
        double runMax = store.signedRanges("flat").maxAbsContribution();
        assertEquals(runMax, small.max(), 1e-12);
        assertEquals(small.max(), mixed.max(), 0, "the same scale in both groups");
        assertEquals(LegendText.number(runMax), robot.lookup("#legend-max").queryAs(Label.class).getText());
        assertTrue(text(robot, "#legend-scale").contains("the largest |contribution| in run flat"));
        // Per trajectory, as an option: the small group's own maximum and words that say so.
        open(robot, "small", 0);
        robot.interact(() -> robot.lookup("#scale-scope").queryAs(ComboBox.class).setValue(ScaleScope.TRAJECTORY));
        HeatScale own = model.tokens().scaleProperty().get();
        assertTrue(own.max() < runMax / 2, own.max() + " vs " + runMax);
        assertTrue(text(robot, "#legend-scale").startsWith("scale: per trajectory"));
        robot.interact(() -> model.tokens().scopeProperty().set(ScaleScope.RUN));
    }

    @Test
    void groupViewBarsHaveAFloorAndTheNoSignalLabel(FxRobot robot) {
        open(robot, "zero", 0);
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        assertEquals(LegendText.NO_SIGNAL_EQUAL_REWARDS, text(robot, "#group-no-signal"));
        assertTrue(text(robot, "#group-scale").contains("one scale per run"), text(robot, "#group-scale"));
        Set<Node> cells = robot.from(view.groupView().table()).lookup(".table-cell").queryAll();
        int advantageCells = 0;
        for (Node n : cells) {
            if (n instanceof TableCell<?, ?> c && c.getGraphic() != null && c.getItem() instanceof Double) {
                advantageCells++;
                assertEquals("0", c.getText(), "round-off reads 0");
                var bar = (javafx.scene.layout.Region) robot.from(c).lookup(".advantage-bar").query();
                assertEquals(0, bar.getPrefWidth(), 0, "no bar below the floor");
            }
        }
        assertEquals(8, advantageCells);
        open(robot, "mixed", 0);
        assertFalse(robot.lookup("#group-no-signal").query().isVisible());
        double widest = 0;
        for (Node n : robot.lookup(".advantage-bar").queryAll()) {
            widest = Math.max(widest, ((javafx.scene.layout.Region) n).getPrefWidth());
        }
        assertEquals(AdvantageCell.FULL_BAR, widest, 1e-9, "the run's largest |A| fills the bar");
        robot.interact(() -> view.tabs().getSelectionModel().select(0));
    }

    @Test
    void whatIfDifferenceSeparatesRenormalisationFromMaskChanges(FxRobot robot) {
        open(robot, "mixed", 1);
        Trajectory t = model.tokens().trajectoryProperty().get();
        WhatIfMaskingView whatIf = new WhatIfMaskingView();
        robot.interact(() -> {
            whatIf.show(t, model.tokens().contextProperty().get());
            whatIf.policyChooser().setValue(MaskPolicy.NO_MASKING);
        });
        FlowPane tokens = (FlowPane) ((javafx.scene.control.ScrollPane) whatIf.getCenter()).getContent();
        TokenArrays a = t.tokens();
        int renormalised = 0;
        int reweighted = 0;
        for (int i = 0; i < a.length(); i++) {
            Label l = (Label) tokens.getChildren().get(i);
            if (a.roles()[i] == Role.REASONING) {
                // A = −0.8: still pushed down after unmasking, only by a smaller share; never painted blue.
                assertTrue(l.getStyleClass().contains("whatif-renormalised"), i + ": " + l.getStyleClass());
                assertTrue(l.getStyle().contains("#f4f4f4"), l.getStyle());
                renormalised++;
            } else if (a.roles()[i] == Role.TOOL_RESPONSE && !a.tokenText()[i].isBlank()) {
                assertTrue(l.getStyleClass().contains("whatif-reweighted"), i + ": " + l.getStyleClass());
                reweighted++;
            }
        }
        assertTrue(renormalised > 5 && reweighted > 5);
        assertTrue(whatIf.legendLabel().getText().contains("only the normaliser changed"), whatIf.legendLabel().getText());
        assertTrue(whatIf.legendLabel().getText().contains("one scale per run"));
        assertFalse(whatIf.noSignalLabel().isVisible());

        open(robot, "zero", 2);
        Trajectory flat = model.tokens().trajectoryProperty().get();
        robot.interact(() -> {
            whatIf.show(flat, model.tokens().contextProperty().get());
            whatIf.modeChooser().setValue(WhatIfMaskingView.Mode.STORED_WEIGHTS);
        });
        assertEquals(LegendText.NO_SIGNAL_EQUAL_REWARDS, whatIf.noSignalLabel().getText());
        assertTrue(whatIf.noSignalLabel().isVisible());
        for (int i = 0; i < flat.tokens().length(); i++) {
            if (flat.tokens().lossWeights()[i] > 0) {
                String style = ((Label) tokens.getChildren().get(i)).getStyle();
                assertTrue(style.startsWith("-fx-background-color: #ffffff;"), i + ": " + style);
            }
        }
        assertNotEquals("", whatIf.legendLabel().getText());
    }
}
