package dev.rwb.app.tokens;

import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.fxmisc.richtext.CaretNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caret that n / p move is drawn right after the key, at the turn's first token, although the
 * read-only token area does not have the focus: visible (no blink phase hides it), in the scene,
 * with a real size, where the token is.
 */
@ExtendWith(ApplicationExtension.class)
class TokenCaretGuiTest {
    TokenViewModel model;
    TokenView view;

    @Start
    void start(Stage stage) {
        model = new TokenViewModel();
        view = new TokenView(model);
        stage.setScene(new Scene(view, 900, 600));
        stage.show();
    }

    @Test
    void theCaretIsDrawnAtTheTurnRightAfterN(FxRobot robot) throws Exception {
        Trajectory multiTurn = new SampleGenerator(7).generate().trajectories().stream()
                .filter(t -> t.numToolCalls() >= 1).findFirst().orElseThrow();
        robot.interact(() -> model.show(multiTurn, dev.rwb.engine.palette.ScaleContext.UNKNOWN));
        WaitForAsyncUtils.waitForFxEvents();
        int[] turns = model.documentProperty().get().turnStarts();
        assertTrue(turns.length >= 2, "a multi-turn trajectory");
        for (int i = 0; i < 5; i++) { // any moment after the key, not only a lucky blink phase
            robot.interact(() -> view.jumpTurn(+1));
            WaitForAsyncUtils.waitForFxEvents();
            CaretNode caret = onFx(() -> (CaretNode) view.area().getCaretSelectionBind().getUnderlyingCaret());
            assertTrue(onFx(() -> treeVisible(caret)), "the caret is visible right after n (step " + i + ")");
            Bounds b = onFx(() -> caret.localToScene(caret.getBoundsInLocal()));
            assertTrue(b.getHeight() > 5 && b.getWidth() > 0, "the caret has a size: " + b);
            int pos = onFx(() -> view.area().getCaretPosition());
            Bounds ch = onFx(() -> view.area().getCharacterBoundsOnScreen(pos, pos + 1).orElseThrow());
            Bounds cs = onFx(() -> caret.localToScreen(caret.getBoundsInLocal()));
            assertEquals(ch.getMinX(), cs.getCenterX(), 4, "the caret is drawn at the turn's first token");
            assertEquals(ch.getCenterY(), cs.getCenterY(), ch.getHeight(), "on the token's line");
            Thread.sleep(130);
        }
    }

    private static boolean treeVisible(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
