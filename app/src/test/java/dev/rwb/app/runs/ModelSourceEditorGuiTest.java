package dev.rwb.app.runs;

import dev.rwb.app.models.HfCacheListing;
import dev.rwb.app.models.ModelChoice;
import dev.rwb.engine.config.RunConfig;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Train tab's model section over a fake Hugging Face cache (config.json and a weights file in
 * the hub layout): the cache's model is listed with its architecture and size, picking it writes
 * {@code model.path}, LoRA and dtype write their fields, and the engine accepts the result; going
 * back to a preset clears them.
 */
@ExtendWith(ApplicationExtension.class)
class ModelSourceEditorGuiTest {
    @TempDir
    static Path cache;
    ConfigDocument document;
    ModelSourceEditor editor;

    @BeforeAll
    static void fakeCache() throws Exception {
        Path repo = cache.resolve("models--Qwen--Qwen2.5-0.5B-Instruct");
        Path snap = repo.resolve("snapshots").resolve("abc123");
        Files.createDirectories(snap);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs").resolve("main"), "abc123");
        Files.writeString(snap.resolve("config.json"), "{\"model_type\": \"qwen2\", \"hidden_size\": 896, "
                + "\"num_hidden_layers\": 24, \"num_attention_heads\": 14, \"num_key_value_heads\": 2, "
                + "\"intermediate_size\": 4864, \"vocab_size\": 151936, \"rms_norm_eps\": 1e-6, "
                + "\"rope_theta\": 1000000.0, \"max_position_embeddings\": 32768, \"tie_word_embeddings\": true}");
        Files.write(snap.resolve("model.safetensors"), new byte[3 << 20]);
    }

    static List<ModelChoice> listing() {
        return HfCacheListing.list(Map.of("HF_HUB_CACHE", cache.toString()));
    }

    @Start
    void start(Stage stage) {
        document = new ConfigDocument();
        editor = new ModelSourceEditor(document, ModelSourceEditorGuiTest::listing);
        stage.setScene(new Scene(new ScrollPane(editor), 700, 700));
        stage.show();
    }

    @Test
    void aCachedHuggingFaceModelWithLoraAndFp16WritesTheModelSection(FxRobot robot) {
        assertEquals("tiny", document.get("model.preset").asText());
        assertEquals(1, editor.cachedModels().size(), "the fake cache's model is listed");
        ModelChoice qwen = editor.cachedModels().get(0);
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct · qwen2 · 3 MB", qwen.label());

        robot.clickOn("#model-source-hf");
        robot.interact(() -> robot.lookup("#model-hf-cache").queryAs(ComboBox.class).setValue(qwen));
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct", document.get("model.path").asText());
        String info = robot.lookup("#model-hf-info").queryAs(javafx.scene.control.Label.class).getText();
        assertTrue(info.contains("qwen2") && info.contains("3 MB"), info);

        robot.clickOn("#model-lora");
        robot.interact(() -> {
            robot.lookup("#model-lora-rank").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(16);
            robot.lookup("#lora-down_proj").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
            robot.lookup("#field-model-dtype").queryAs(ComboBox.class).setValue("fp16");
        });
        RunConfig config = document.configProperty().get();
        assertTrue(config != null, "the engine accepts it: " + document.problemProperty().get());
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct", config.model().path());
        assertEquals("fp16", config.model().dtype());
        assertEquals(16, config.model().lora().rank());
        assertEquals(16.0, config.model().lora().alpha());
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj", "down_proj"), config.model().lora().targetModules());

        robot.clickOn("#model-source-preset");
        RunConfig back = document.configProperty().get();
        assertTrue(back != null, String.valueOf(document.problemProperty().get()));
        assertNull(back.model().path(), "a preset run names no Hugging Face model");
        assertNull(back.model().lora());
        assertEquals("fp32", back.model().dtype());
    }

    @Test
    void aLoadedConfigShowsItsModelSource(FxRobot robot) throws Exception {
        robot.interact(() -> {
            try {
                document.load("{\"model\": {\"path\": \"/models/qwen\", \"dtype\": \"fp16\", "
                        + "\"lora\": {\"rank\": 4, \"alpha\": 8, \"target_modules\": [\"q_proj\"]}}}", "t");
            } catch (dev.rwb.engine.config.ConfigException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(ModelSourceEditor.Source.HUGGING_FACE, editor.source());
        assertEquals("/models/qwen", robot.lookup("#field-model-path").queryAs(javafx.scene.control.TextField.class).getText());
        assertTrue(robot.lookup("#model-lora").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        assertEquals(4, robot.lookup("#model-lora-rank").queryAs(javafx.scene.control.Spinner.class).getValue());
        assertTrue(robot.lookup("#lora-q_proj").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        assertTrue(!robot.lookup("#lora-v_proj").queryAs(javafx.scene.control.CheckBox.class).isSelected());
    }
}
