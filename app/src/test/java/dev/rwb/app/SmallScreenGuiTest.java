package dev.rwb.app;

import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.app.tokens.TokenView;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a 1366×768 laptop (about 1366×700 for the window's content) an open trajectory's tokens are
 * readable (at least 120 px, five lines of tokens): before, the legend, the tag row and the caret line took the whole token pane and the
 * token area was 0 px high. The legend folds its detail lines there and keeps them on a big screen.
 */
@ExtendWith(ApplicationExtension.class)
class SmallScreenGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    Stage stage;
    InspectorView inspector;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("w.db"));
        SampleInstaller.install(store, new SampleGenerator(7).generate());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        SameThreadTasks tasks = new SameThreadTasks();
        model = new InspectorViewModel(store, tasks);
        inspector = new InspectorView(model);
        WorkbenchWindow window = new WorkbenchWindow(ScreenModels.of(store, tasks), model, inspector,
                dir.resolve("no-presets"), dir.resolve("configs"));
        stage.setScene(new Scene(window, 1366, 700));
        stage.show();
    }

    @Test
    void theTokensKeepTheirRoomOnALaptopScreen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.refresh(() -> inspector.table().getSelectionModel().select(0))).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.tokens().trajectoryProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Node area = robot.lookup("#token-area").query();
        TokenView tokens = robot.lookup(".token-view").queryAs(TokenView.class);
        double small = area.getLayoutBounds().getHeight();
        System.out.printf("1366x700: token view %.0f px, token area %.0f px, legend details %s%n",
                tokens.getHeight(), small, tokens.legend().detailsShown());
        assertTrue(small >= 120, "the token area is " + small + " px high on a 1366x700 window");
        assertFalse(tokens.legend().detailsShown(), "the legend's details fold on a short token view");

        // the user drags the table/tokens divider up: the token view grows past the fold height
        // (a larger stage cannot be shown here: Monocle's headless screen is 1280x800)
        SplitPane split = verticalSplitAbove(tokens);
        WaitForAsyncUtils.asyncFx(() -> split.setDividerPositions(0.1)).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("divider at 0.1: token view %.0f px, token area %.0f px, legend details %s%n",
                tokens.getHeight(), area.getLayoutBounds().getHeight(), tokens.legend().detailsShown());
        assertTrue(tokens.legend().detailsShown(), "a tall token view shows the legend's details");
    }

    private static SplitPane verticalSplitAbove(Node node) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof SplitPane sp && sp.getOrientation() == Orientation.VERTICAL) {
                return sp;
            }
        }
        throw new AssertionError("the token view sits in no vertical split pane");
    }
}
