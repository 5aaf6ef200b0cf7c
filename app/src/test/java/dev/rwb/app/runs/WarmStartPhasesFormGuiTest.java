package dev.rwb.app.runs;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Train form on the demo preset, whose warm start is written in phases: the steps read
 * "300 | 100" with "2 phases: 300 + 100 = 400 steps" beside them (not "0"), the noise per phase,
 * an edit changes that phase, a value count that does not match is refused in words, and the
 * saved config still has both phases.
 */
@ExtendWith(ApplicationExtension.class)
class WarmStartPhasesFormGuiTest {
    static final Path DEMO = Path.of(System.getProperty("rwb.home", ".."), "samples", "configs", "demo.json");
    final ConfigDocument document = new ConfigDocument();
    ConfigForm form;

    @Start
    void start(Stage stage) {
        form = new ConfigForm(document, new Label("mask editor"));
        try {
            document.load(DEMO);
        } catch (dev.rwb.engine.config.ConfigException e) {
            throw new IllegalStateException(e);
        }
        stage.setScene(new Scene(new ScrollPane(form), 600, 700));
        stage.show();
    }

    @Test
    void thePhasesAreShownEditedPerPhaseAndKeptOnSave(FxRobot robot, @TempDir Path dir) throws Exception {
        TextField steps = (TextField) form.editorOf("warm_start.steps");
        TextField noise = (TextField) form.editorOf("warm_start.noise");
        TextField batch = (TextField) form.editorOf("warm_start.batch_size");
        assertEquals("300 | 100", steps.getText(), "each phase's steps, not the enclosing 0");
        Label stepsNote = robot.lookup("#phases-warm-start-steps").queryAs(Label.class);
        assertTrue(stepsNote.isVisible());
        assertTrue(stepsNote.getText().startsWith("2 phases: 300 + 100 = 400 steps"), stepsNote.getText());
        assertEquals("0.1 | 0.7", noise.getText(), "each phase sets its own noise");
        assertEquals("16", batch.getText(), "a field no phase sets is the enclosing value both inherit");
        assertFalse(robot.lookup("#phases-warm-start-batch-size").queryAs(Label.class).isVisible());
        ComboBox<?> mistakes = (ComboBox<?>) form.editorOf("warm_start.mistakes");
        assertFalse(mistakes.isDisabled(), "no phase sets mistakes: the one value is edited as usual");

        robot.interact(() -> steps.setText("300 | 150"));
        assertNull(document.problemProperty().get());
        RunConfig edited = document.configProperty().get();
        assertEquals(List.of(300, 150), edited.warmStart().plan().stream().map(RunConfig.Phase::steps).toList());
        assertEquals(List.of(0.1, 0.7), edited.warmStart().plan().stream().map(RunConfig.Phase::noise).toList(),
                "editing the steps keeps each phase's noise");
        assertTrue(stepsNote.getText().startsWith("2 phases: 300 + 150 = 450 steps"), stepsNote.getText());

        robot.interact(() -> steps.setText("450"));
        assertTrue(stepsNote.getText().contains("has 2 phases: give 2 values"), stepsNote.getText());
        assertEquals(450, document.configProperty().get().warmStart().totalSteps(), "a refused edit changes nothing");

        robot.interact(() -> batch.setText("8"));
        Path saved = dir.resolve("demo-edited.json");
        document.save(saved);
        RunConfig back = RunConfigReader.read(saved);
        assertEquals(2, back.warmStart().plan().size(), "the saved config keeps both phases");
        assertEquals(List.of(8, 8), back.warmStart().plan().stream().map(RunConfig.Phase::batchSize).toList());
        assertEquals(450, back.warmStart().totalSteps());
    }
}
