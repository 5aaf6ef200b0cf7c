package dev.rwb.app.compare;

import dev.rwb.app.runs.FakeTrainer;
import dev.rwb.app.runs.RunState;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The A/B action launches two real child processes whose configs differ in the one chosen field. */
@ExtendWith(ApplicationExtension.class)
class AbLaunchGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static RunInfo base;
    CompareView compare;

    @BeforeAll
    static void seed() throws Exception {
        store = WorkbenchStore.open(dir.resolve("ab.db"));
        base = store.createRun("base", "rl", RunConfigReader.toJson(RunConfigReader.parse(
                "{\"name\":\"base\",\"steps\":3,\"algorithm\":{\"group_size\":2,\"prompts_per_step\":2}}", "t")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        TrainerCommandLine fake = new TrainerCommandLine(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), FakeTrainer.class.getName(), List.of("-Dfake.stepMillis=30"));
        compare = new CompareView(new CompareViewModel(store, new SameThreadTasks()), fake, dir.resolve("configs"));
        stage.setScene(new Scene(compare, 1100, 700));
        stage.show();
    }

    @Test
    void launchesAAndBWithOneFieldChanged(FxRobot robot) throws Exception {
        robot.interact(() -> {
            compare.check(List.of(base.id()));
            robot.lookup("#ab-field").queryAs(ComboBox.class).getEditor().setText("mask.preset");
            robot.lookup("#ab-value").queryAs(TextField.class).setText("no_masking");
        });
        robot.clickOn("#ab-launch");
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !compare.abPanel().sessionA().stateProperty().get().active()
                    && !compare.abPanel().sessionB().stateProperty().get().active());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("A/B still running: " + describe(compare.abPanel().sessionA()) + " | "
                    + describe(compare.abPanel().sessionB()), e);
        }
        assertEquals(RunState.FINISHED, compare.abPanel().sessionA().stateProperty().get(), describe(compare.abPanel().sessionA()));
        assertEquals(RunState.FINISHED, compare.abPanel().sessionB().stateProperty().get(), describe(compare.abPanel().sessionB()));
        String a = store.findRun("base-A").orElseThrow().configJson();
        String b = store.findRun("base-B").orElseThrow().configJson();
        assertEquals(dev.rwb.engine.config.MaskPreset.SEARCH_R1, RunConfigReader.parse(a, "A").mask().preset());
        assertEquals(dev.rwb.engine.config.MaskPreset.NO_MASKING, RunConfigReader.parse(b, "B").mask().preset());
        assertEquals(3, store.stepMetrics(store.findRun("base-B").orElseThrow().id()).stream().map(m -> m.step()).distinct().count());
        assertTrue(robot.lookup("#ab-message").queryAs(Label.class).getText().contains("base-A and base-B"));
    }

    private static String describe(dev.rwb.app.runs.RunSession s) {
        return s.stateProperty().get() + " " + s.progressTextProperty().get() + " " + s.errorProperty().get() + " log " + s.log();
    }

    @Test
    void anInvalidValueIsRefusedWithTheEnginesMessage(FxRobot robot) {
        robot.interact(() -> {
            compare.check(List.of(base.id()));
            robot.lookup("#ab-field").queryAs(ComboBox.class).getEditor().setText("clip.eps_low");
            robot.lookup("#ab-value").queryAs(TextField.class).setText("3");
        });
        robot.clickOn("#ab-launch");
        String msg = robot.lookup("#ab-message").queryAs(Label.class).getText();
        assertTrue(msg.contains("clip.eps_low"), msg);
        assertEquals(RunState.IDLE, compare.abPanel().sessionB().stateProperty().get());
    }
}
