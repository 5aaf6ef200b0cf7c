package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.app.tokens.TokenDocument;
import dev.rwb.app.tokens.TokenStyler;
import dev.rwb.app.tokens.TokenView;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector window on a real seeded SQLite DB, driven through TestFX under headless Monocle. */
@ExtendWith(ApplicationExtension.class)
class InspectorGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("gui.db"));
        TestTrajectories gen = new TestTrajectories(11);
        for (int step = 0; step < 3; step++) {
            store.insertAll(gen.groups("grpo-kb", step, 3, 4));
        }
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

    private Trajectory shown() {
        return model.tokens().trajectoryProperty().get();
    }

    private StyleClassedTextArea area() {
        return view.tokenView().area();
    }

    private static int firstOfRole(TokenArrays t, Role role) {
        for (int i = 0; i < t.length(); i++) {
            if (t.roles()[i] == role) {
                return i;
            }
        }
        throw new AssertionError("no " + role + " token");
    }

    private void selectMode(FxRobot robot, ColorMode mode) {
        robot.clickOn("#mode-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(mode, model.tokens().modeProperty().get());
    }

    /** Rendered text nodes of the area carrying a style class (only visible paragraphs exist). */
    private long renderedWith(FxRobot robot, String styleClass) {
        return robot.from(area()).lookup("." + styleClass).queryAll().size();
    }

    @Test
    void everyColourModeStylesTokensAndLabelsTheLegendWithItsScale(FxRobot robot) {
        Trajectory t = shown();
        assertEquals(store.load(view.selected().id()).tokens().length(), t.tokens().length());
        TokenDocument doc = model.tokens().documentProperty().get();
        TokenArrays tok = t.tokens();
        int reasoning = firstOfRole(tok, Role.REASONING);
        int toolResponse = firstOfRole(tok, Role.TOOL_RESPONSE);
        for (ColorMode mode : ColorMode.values()) {
            selectMode(robot, mode);
            var reasoningStyle = area().getStyleOfChar(doc.tokenStart(reasoning));
            var toolStyle = area().getStyleOfChar(doc.tokenStart(toolResponse));
            assertTrue(reasoningStyle.contains(TokenStyler.roleClass(Role.REASONING)), mode + ": role underline");
            assertTrue(toolStyle.contains(TokenStyler.roleClass(Role.TOOL_RESPONSE)), mode + ": role underline");
            assertTrue(renderedWith(robot, TokenStyler.roleClass(Role.PROMPT)) > 0, mode + ": rendered role class");
            if (mode == ColorMode.ROLE) {
                assertTrue(toolStyle.contains(TokenStyler.roleTintClass(Role.TOOL_RESPONSE)));
                assertTrue(renderedWith(robot, TokenStyler.roleTintClass(Role.SYSTEM)) > 0);
                continue;
            }
            // Tool responses have weight 0: hatched, never heat-coloured, in every heat mode.
            assertEquals(Set.of(TokenStyler.roleClass(Role.TOOL_RESPONSE), TokenStyler.MASKED), Set.copyOf(toolStyle));
            assertTrue(renderedWith(robot, TokenStyler.MASKED) > 0, mode + ": masked nodes rendered");
            double[] range = expectedRange(mode, tok, t.run());
            HeatScale scale = model.tokens().scaleProperty().get();
            assertEquals(LegendText.number(range[0]), robot.lookup("#legend-min").queryAs(Label.class).getText(), mode + " min");
            assertEquals(LegendText.number(range[1]), robot.lookup("#legend-max").queryAs(Label.class).getText(), mode + " max");
            float v = mode.values(tok)[reasoning];
            String heat = scale.binClass(scale.bin(v));
            assertTrue(reasoningStyle.contains(heat), mode + ": " + reasoningStyle + " should hold " + heat);
            assertTrue(renderedWith(robot, heat) > 0, mode + ": a rendered node carries " + heat);
            assertFalse(robot.lookup("#legend-definition").queryAs(Label.class).getText().isEmpty());
        }
        selectMode(robot, ColorMode.CONTRIBUTION);
        assertTrue(robot.lookup("#legend-definition").queryAs(Label.class).getText()
                .startsWith("c_t = w_t · A_t · ρ_t / N, set to 0 where the PPO clip is active"));
        assertEquals("0", robot.lookup("#legend-mid").queryAs(Label.class).getText());
    }

    /**
     * The legend range computed here independently: for signed modes (one scale per run by default)
     * the symmetric max|v| over the unmasked tokens of every trajectory of the run; otherwise
     * [min, max] over this trajectory's unmasked tokens.
     */
    private static double[] expectedRange(ColorMode mode, TokenArrays t, String run) {
        if (mode == ColorMode.LOSS_MASK) {
            return new double[]{0, 1};
        }
        if (mode.signed()) {
            double m = 0;
            for (var s : store.query(dev.rwb.engine.store.TrajectoryQuery.builder().run(run).page(0, 10_000).build())
                    .rows()) {
                TokenArrays other = store.load(s.id()).tokens();
                float[] v = mode.values(other);
                for (int i = 0; i < v.length; i++) {
                    if (other.lossWeights()[i] > 0 && Float.isFinite(v[i])) {
                        m = Math.max(m, Math.abs(v[i]));
                    }
                }
            }
            return new double[]{-m, m};
        }
        float[] v = mode.values(t);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < v.length; i++) {
            if (t.lossWeights()[i] > 0 && !Float.isNaN(v[i])) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        if (mode.signed()) {
            double m = Math.max(Math.abs(lo), Math.abs(hi));
            return new double[]{-m, m};
        }
        return new double[]{lo, hi};
    }

    @Test
    void hoveringATokenShowsItsStoredFields(FxRobot robot) throws Exception {
        Trajectory stored = store.load(view.selected().id());
        TokenArrays tok = stored.tokens();
        int i = firstOfRole(tok, Role.REASONING) + 2;
        TokenDocument doc = model.tokens().documentProperty().get();
        Bounds b = WaitForAsyncUtils.asyncFx(() -> area().getCharacterBoundsOnScreen(doc.tokenStart(i), doc.tokenEnd(i))
                .orElseThrow()).get();
        robot.moveTo(new Point2D(b.getMinX() + 3, b.getCenterY()));
        WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> robot.lookup("#token-tooltip").tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null && n.getScene().getWindow().isShowing()).orElse(false));
        String text = robot.lookup("#token-tooltip").queryAs(Label.class).getText();
        assertTrue(text.startsWith("token #" + i + "  \"" + tok.tokenText()[i] + "\""), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "logprob %.4f", tok.logprobs()[i])), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "ref logprob %.4f", tok.refLogprobs()[i])), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "entropy %.4f", tok.entropies()[i])), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "contribution %.4f", tok.contributions()[i])), text);
        assertTrue(text.contains("id " + tok.tokenIds()[i] + "   role REASONING   turn " + tok.turns()[i]), text);
    }

    @Test
    void jAndKMoveTheTableSelectionAndOpenTheTrajectory(FxRobot robot) {
        robot.clickOn("#status-bar");
        assertEquals(0, view.table().getSelectionModel().getSelectedIndex());
        long firstId = shown().id();
        robot.push(KeyCode.J);
        assertEquals(1, view.table().getSelectionModel().getSelectedIndex());
        assertEquals(view.table().getItems().get(1).id(), shown().id());
        robot.push(KeyCode.J).push(KeyCode.K).push(KeyCode.K);
        assertEquals(0, view.table().getSelectionModel().getSelectedIndex());
        assertEquals(firstId, shown().id());
        // In the filter's text field, j is typed, not a navigation key.
        robot.push(KeyCode.SLASH);
        assertTrue(robot.lookup("#filter-text").query().isFocused());
        robot.push(KeyCode.J);
        assertEquals(0, view.table().getSelectionModel().getSelectedIndex());
    }

    @Test
    void nAndPJumpBetweenTurnsAndCtrlFFindsAndHighlights(FxRobot robot) {
        robot.clickOn("#status-bar");
        int[] turns = model.tokens().documentProperty().get().turnStarts();
        robot.push(KeyCode.N);
        assertEquals(turns[1], area().getCaretPosition());
        // the caret n / p move is drawn although the read-only area is not focused
        assertEquals(org.fxmisc.richtext.Caret.CaretVisibility.ON, area().getShowCaret());
        assertTrue(area().lookup(".caret") != null, "a caret node is in the scene graph");
        robot.push(KeyCode.N).push(KeyCode.P);
        assertEquals(turns[1], area().getCaretPosition());
        robot.push(KeyCode.CONTROL, KeyCode.F);
        assertTrue(robot.lookup("#find-field").query().isFocused());
        robot.write("orvale");
        TokenView tv = view.tokenView();
        String text = area().getText().toLowerCase(Locale.ROOT);
        int expected = 0;
        for (int at = text.indexOf("orvale"); at >= 0; at = text.indexOf("orvale", at + 1)) {
            expected++;
        }
        assertTrue(expected > 1);
        assertEquals(expected, tv.matches().count());
        assertEquals("1 of " + expected, robot.lookup("#find-counter").queryAs(Label.class).getText());
        int first = tv.matches().starts()[0];
        assertEquals(first, area().getSelection().getStart());
        assertTrue(area().getStyleOfChar(first).contains("find-hit"));
        robot.push(KeyCode.ENTER);
        assertEquals(tv.matches().starts()[1], area().getSelection().getStart());
    }

    @Test
    void headerClickSortsOnTheServerAndGroupTabShowsTheGroup(FxRobot robot) {
        robot.clickOn(robot.lookup(".column-header").match((Node n) -> "col-reward".equals(n.getId())).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        var rows = view.table().getItems();
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).reward() <= rows.get(i).reward(), "ascending by reward");
        }
        robot.clickOn("Group");
        var group = view.groupView().table().getItems();
        var selected = view.selected();
        assertEquals(4, group.size());
        assertTrue(group.stream().allMatch(g -> g.summary().groupId().equals(selected.groupId())));
        assertTrue(robot.lookup("#group-header").queryAs(Label.class).getText().contains(selected.groupId()));
    }

    @Test
    void slashFocusesTheFilterWithoutTypingItself(FxRobot robot) {
        robot.clickOn("#status-bar");
        robot.push(KeyCode.SLASH);
        javafx.scene.control.TextField field = robot.lookup("#filter-text").queryAs(javafx.scene.control.TextField.class);
        assertTrue(field.isFocused());
        robot.write("Port Amsel");
        assertEquals("Port Amsel", field.getText());
    }

    @Test
    void openingASampleFromTheGroupViewShowsItsTokensAndSelectsItsRow(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.table().getSelectionModel().select(0)).get();
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Group");
        var members = view.groupView().table().getItems();
        assertEquals(4, members.size());
        long other = members.get(2).summary().id();
        WaitForAsyncUtils.asyncFx(() -> {
            view.groupView().table().getSelectionModel().select(2);
            view.groupView().table().requestFocus();
        }).get();
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tab-tokens", view.tabs().getSelectionModel().getSelectedItem().getId(), "the Tokens tab comes to the front");
        assertEquals(other, view.selected().id(), "the table selects the opened sample's row");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown() != null && shown().id() == other);
    }

    @Test
    void theSelectedRowStaysWhollyInView(FxRobot robot) {
        robot.clickOn("#status-bar");
        for (int i = 0; i < 20; i++) {
            robot.push(KeyCode.J);
            int index = view.table().getSelectionModel().getSelectedIndex();
            Node row = robot.lookup(".table-row-cell").match((javafx.scene.control.TableRow<?> r) -> r.getIndex() == index
                    && r.isVisible()).query();
            Bounds rowBounds = row.localToScene(row.getLayoutBounds());
            Node flow = view.table().lookup(".clipped-container");
            Bounds viewport = flow.localToScene(flow.getLayoutBounds());
            assertTrue(rowBounds.getMinY() >= viewport.getMinY() - 0.5 && rowBounds.getMaxY() <= viewport.getMaxY() + 0.5,
                    "row " + index + " at " + rowBounds + " outside " + viewport);
        }
        // the table pane shows several rows at once by default
        Node flow = view.table().lookup(".clipped-container");
        assertTrue(flow.getLayoutBounds().getHeight() / view.table().getFixedCellSize() >= 6
                || flow.getLayoutBounds().getHeight() >= 6 * 24, "table viewport " + flow.getLayoutBounds());
    }
}
