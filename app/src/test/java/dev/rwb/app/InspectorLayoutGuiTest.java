package dev.rwb.app;

import dev.rwb.app.inspector.InspectorView;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector's layout as the app opens it ({@link WorkbenchApp#present}, the screen-sized window of
 * a first start): the runs pane takes about a fifth of the width, not the third it kept when the first
 * layout ran at the content's preferred width; the table shows at least 6 whole rows at 1280×800 (3 before); a window that
 * narrows takes the width from the table side; and j keeps the selected row wholly in view.
 */
@ExtendWith(ApplicationExtension.class)
class InspectorLayoutGuiTest {
    @TempDir
    static Path dir;
    static Path seeded;
    final Preferences prefs = Preferences.userRoot().node("rwb-test-" + UUID.randomUUID());
    Stage stage;
    Workbench workbench;

    @BeforeAll
    static void database() {
        seeded = dir.resolve("seeded.db");
        try (WorkbenchStore s = WorkbenchStore.open(seeded)) {
            SampleInstaller.install(s, new SampleGenerator(7).generate());
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
    }

    @AfterEach
    void cleanUp() throws Exception {
        onFx(() -> {
            stage.setOnHiding(null); // the app's handler would save the bounds into the removed node
            workbench.close();
            return null;
        });
        prefs.removeNode();
    }

    @AfterAll
    static void restoreModena() {
        javafx.application.Application.setUserAgentStylesheet(null);
    }

    @Test
    void theRunsPaneIsAFifthTheTableIsTallAndTheSelectionStaysInView(FxRobot robot) throws Exception {
        onFx(() -> {
            workbench = new Workbench(stage, seeded, prefs, Path.of(System.getProperty("rwb.home", "..")), 0);
            WorkbenchApp.present(stage, workbench, prefs);
            return null;
        });
        InspectorView inspector = workbench.inspector();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> !inspector.table().getItems().isEmpty()
                && inspector.table().lookup(".table-row-cell") != null));
        WaitForAsyncUtils.waitForFxEvents();

        SplitPane main = (SplitPane) inspector.getCenter();
        double width = onFx(main::getWidth);
        double runs = onFx(() -> main.getItems().get(0).getLayoutBounds().getWidth());
        assertTrue(width > 1000, "the window has the screen's width: " + width);
        assertTrue(runs >= 180 && runs <= 0.21 * width,
                "the runs pane opens at about a fifth of " + width + " px, not " + runs + " px");

        double rowHeight = onFx(() -> inspector.table().lookup(".table-row-cell").getLayoutBounds().getHeight());
        double header = onFx(() -> inspector.table().lookup(".column-header-background").getLayoutBounds().getHeight());
        double table = onFx(() -> inspector.table().getHeight());
        int wholeRows = (int) ((table - header) / rowHeight);
        assertTrue(wholeRows >= 6, "the table shows at least 6 whole rows at " + stage.getHeight()
                + " px, not " + wholeRows + " (table " + table + " px, rows " + rowHeight + " px)");

        // a narrower window: the runs pane keeps its pixels, the table side gives them up
        onFx(() -> {
            stage.setWidth(stage.getWidth() - 250);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> main.getWidth() < width - 200));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(runs, onFx(() -> main.getItems().get(0).getLayoutBounds().getWidth()), 1.0,
                "the runs pane keeps its width when the window narrows");

        // j walks past the rows in view: the selected row stays wholly inside the table's viewport
        robot.clickOn(inspector.table().lookup(".table-row-cell"));
        for (int i = 0; i < wholeRows + 4; i++) {
            robot.type(javafx.scene.input.KeyCode.J);
        }
        WaitForAsyncUtils.waitForFxEvents();
        int selected = onFx(() -> inspector.table().getSelectionModel().getSelectedIndex());
        assertEquals(wholeRows + 4, selected, "j moved the selection row by row");
        assertTrue(onFx(() -> wholeInView(inspector, selected)), "the selected row " + selected + " is wholly in view");
    }

    /** Whether the row cell showing index {@code index} lies wholly inside the table's clipped flow. */
    private static boolean wholeInView(InspectorView inspector, int index) {
        Node flow = inspector.table().lookup(".virtual-flow");
        Node clip = flow.lookup(".clipped-container");
        Bounds view = clip.localToScene(clip.getLayoutBounds());
        return inspector.table().lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> r && r.getIndex() == index && r.isVisible())
                .map(n -> n.localToScene(n.getLayoutBounds()))
                .anyMatch(b -> b.getMinY() >= view.getMinY() - 0.5 && b.getMaxY() <= view.getMaxY() + 0.5);
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(90, TimeUnit.SECONDS);
    }
}
