package dev.rwb.app.runs;

import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Train tab says a preset's measured wall time from wall-times.json, and nothing for a preset without one. */
@ExtendWith(ApplicationExtension.class)
class PresetWallTimeGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    RunsWorkspace workspace;

    @BeforeAll
    static void presets() throws Exception {
        Path presets = Files.createDirectories(dir.resolve("presets"));
        Files.writeString(presets.resolve("measured.json"), "{\"name\": \"measured\", \"steps\": 3}");
        Files.writeString(presets.resolve("unmeasured.json"), "{\"name\": \"unmeasured\", \"steps\": 3}");
        Files.writeString(presets.resolve("wall-times.json"),
                "{\"measured.json\": {\"seconds\": 95, \"note\": \"measured on 2 cores, load 3\"}}");
        store = WorkbenchStore.open(dir.resolve("w.db"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        DashboardView dashboard = new DashboardView(new DashboardViewModel(store, new SameThreadTasks(), Platform::runLater));
        workspace = new RunsWorkspace(store.file(), dashboard, TrainerCommandLine.ofThisJvm(), dir.resolve("presets"),
                dir.resolve("configs"));
        stage.setScene(new Scene(workspace, 1200, 760));
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMeasuredPresetSaysItsWallTimeAndAnUnmeasuredOneNothing(FxRobot robot) {
        ComboBox<ConfigPresets.Preset> presets = robot.lookup("#config-preset").queryAs(ComboBox.class);
        assertEquals(List.of("defaults", "measured", "unmeasured"),
                presets.getItems().stream().map(ConfigPresets.Preset::name).toList(), "wall-times.json is no preset");
        Label wallTime = robot.lookup("#preset-wall-time").queryAs(Label.class);
        robot.interact(() -> workspace.choosePreset("measured"));
        assertEquals("Expected wall time on 2 CPU cores: about 2 min, warm start included", wallTime.getText());
        assertEquals("measured on 2 cores, load 3", wallTime.getTooltip().getText());
        robot.interact(() -> workspace.choosePreset("unmeasured"));
        assertEquals("", wallTime.getText(), "no entry: nothing, not a guess");
        assertFalse(wallTime.isManaged());
    }
}
