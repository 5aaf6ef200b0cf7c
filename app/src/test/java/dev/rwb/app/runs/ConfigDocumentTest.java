package dev.rwb.app.runs;

import dev.rwb.engine.config.RunConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDocumentTest {
    static ConfigField field(String path) {
        return ConfigSections.ALL.stream().flatMap(s -> s.fields().stream()).filter(f -> f.path().equals(path))
                .findFirst().orElseThrow();
    }

    @Test
    void startsFromTheEngineDefaults() {
        ConfigDocument doc = new ConfigDocument();
        assertEquals(RunConfigReader.defaultConfig(), doc.configProperty().get());
        assertNull(doc.problemProperty().get());
    }

    @Test
    void invalidEditsAreReportedByTheEngineWithTheirField() {
        ConfigDocument doc = new ConfigDocument();
        doc.setText(field("clip.eps_low"), "1.5");
        assertEquals("clip.eps_low", doc.problemProperty().get().field());
        assertNull(doc.configProperty().get());
        doc.setText(field("clip.eps_low"), "0.1");
        assertNull(doc.problemProperty().get());
        doc.setText(field("steps"), "ten");
        assertEquals("steps", doc.problemProperty().get().field(), "text in a number field is a wrong type of that field");
    }

    @Test
    void everyFormFieldExistsInTheDefaults() {
        ConfigDocument doc = new ConfigDocument();
        ConfigSections.ALL.forEach(s -> s.fields().forEach(f ->
                assertTrue(!doc.get(f.path()).isMissingNode(), f.path() + " is not a config field")));
    }

    @Test
    void savesAndLoadsJson(@TempDir Path dir) throws Exception {
        ConfigDocument doc = new ConfigDocument();
        doc.setText(field("name"), "saved-run");
        doc.setText(field("algorithm.group_size"), "4");
        Path file = dir.resolve("run.json");
        doc.save(file);
        assertEquals(4, RunConfigReader.read(file).algorithm().groupSize());
        ConfigDocument other = new ConfigDocument();
        other.load(file);
        assertEquals("saved-run", other.configProperty().get().name());
        other.load("{\"steps\": 3}", "partial");
        assertEquals(3, other.configProperty().get().steps());
        assertNotNull(other.get("task.name").asText(), "a partial file is laid over the defaults");
    }
}
