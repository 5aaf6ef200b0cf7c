package dev.rwb.app;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole workbench on a seeded DB, with preferences of its own: the first-run guide appears on the
 * first start and not on the second, its buttons and "Got it" work, and File → Open database shows
 * another DB in the same window.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchGuideGuiTest {
    @TempDir
    static Path dir;
    static Path seeded;
    static Path other;
    final Preferences prefs = Preferences.userRoot().node("rwb-test-" + UUID.randomUUID());
    Stage stage;
    Workbench workbench;

    @BeforeAll
    static void databases() {
        seeded = dir.resolve("seeded.db");
        try (WorkbenchStore s = WorkbenchStore.open(seeded)) {
            SampleInstaller.install(s, new SampleGenerator(7).generate());
        }
        other = dir.resolve("other.db");
        try (WorkbenchStore s = WorkbenchStore.open(other)) {
            s.createRun("only-run-in-other-db", "rl", "{}");
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        // the app's theme, as WorkbenchApp sets it (workbench.css builds on AtlantaFX's colours)
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreModena() {
        javafx.application.Application.setUserAgentStylesheet(null);
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            if (workbench != null) {
                workbench.close();
            }
        }).get(10, TimeUnit.SECONDS);
        prefs.removeNode();
    }

    /** Starts the workbench as WorkbenchApp does, on the test's stage and preferences. */
    private void startWorkbench(Path db) throws Exception {
        onFx(() -> {
            if (workbench != null) {
                workbench.close();
            }
            workbench = new Workbench(stage, db, prefs, Path.of(System.getProperty("rwb.home", "..")), 0);
            Scene scene = new Scene(workbench.root(), 1260, 780);
            scene.getStylesheets().add(WorkbenchApp.stylesheet());
            stage.setScene(scene);
            stage.show();
            workbench.guide().showIfFirstStart();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theGuideSaysWhetherTheDatabaseHoldsTheSamples(FxRobot robot) throws Exception {
        startWorkbench(seeded);
        assertTrue(robot.lookup("#guide-intro").queryLabeled().getText().startsWith("This database holds two sample runs"),
                robot.lookup("#guide-intro").queryLabeled().getText());
        // a first start on a DB of one's own (--db): no promise of samples that are not there
        workbench.guide().dismiss();
        startWorkbench(other);
        robot.interact(() -> workbench.guide().show());
        String intro = robot.lookup("#guide-intro").queryLabeled().getText();
        assertTrue(intro.startsWith("This database holds 1 run of your own"), intro);
    }

    @Test
    void theGuideAppearsOnTheFirstStartOnlyAndGotItDismissesIt(FxRobot robot) throws Exception {
        startWorkbench(seeded);
        assertTrue(robot.lookup("#first-run-guide").query().isVisible(), "first start: the guide is shown");
        robot.clickOn("#guide-dismiss");
        assertFalse(robot.lookup("#first-run-guide").query().isVisible(), "Got it hides it");

        startWorkbench(seeded);
        assertFalse(robot.lookup("#first-run-guide").query().isVisible(), "second start: no guide");
        MenuItem again = item("menu-help", "menu-guide");
        robot.interact(again::fire);
        assertTrue(robot.lookup("#first-run-guide").query().isVisible(), "Help → First-run guide shows it again");
    }

    @Test
    void theGuidesButtonsOpenASampleAndItsLossMask(FxRobot robot) throws Exception {
        startWorkbench(seeded);
        robot.clickOn("#guide-loss-mask");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> onFx(() -> workbench.inspectorModel().tokens().trajectoryProperty().get() != null));
        assertEquals(0, onFx(() -> workbench.window().getSelectionModel().getSelectedIndex()), "the Inspect tab");
        assertEquals(ColorMode.LOSS_MASK, onFx(() -> workbench.inspectorModel().tokens().modeProperty().get()));
        robot.clickOn("#guide-demo");
        assertEquals(1, onFx(() -> workbench.window().getSelectionModel().getSelectedIndex()), "the Train tab");
    }

    @Test
    void fileOpenDatabaseShowsAnotherDbInTheSameWindow(FxRobot robot) throws Exception {
        startWorkbench(seeded);
        MenuItem open = item("menu-file", "menu-open-db");
        assertEquals(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), open.getAccelerator());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> runNames().size() >= 2));
        assertFalse(onFx(this::runNames).contains("only-run-in-other-db"));

        // the chooser's answer, as File → Open database… hands it over
        onFx(() -> {
            workbench.switchTo(other);
            return null;
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> runNames().equals(List.of("only-run-in-other-db"))));
        assertEquals(other, workbench.db());
        assertTrue(stage.getTitle().contains(other.toAbsolutePath().toString()), stage.getTitle());
        assertNotNull(item("menu-file", "menu-export"), "the File menu offers the exports");
    }

    private List<String> runNames() {
        return workbench.inspector().lookupAll("#run-list").stream().findFirst()
                .map(n -> ((javafx.scene.control.ListView<?>) n).getItems().stream()
                        .map(r -> ((dev.rwb.engine.store.RunSummary) r).run().name()).toList())
                .orElse(List.of());
    }

    /** A menu item of the menu bar, by the ids of its menu and itself. */
    private MenuItem item(String menuId, String itemId) throws Exception {
        return onFx(() -> {
            MenuBar bar = (MenuBar) ((BorderPane) workbench.root().getChildren().get(0)).getTop();
            Menu menu = bar.getMenus().stream().filter(m -> menuId.equals(m.getId())).findFirst().orElseThrow();
            return menu.getItems().stream().filter(i -> itemId.equals(i.getId())).findFirst().orElseThrow();
        });
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(90, TimeUnit.SECONDS); // building every screen is slow under load
    }
}
