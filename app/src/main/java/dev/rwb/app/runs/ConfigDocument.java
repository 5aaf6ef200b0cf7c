package dev.rwb.app.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The run configuration being edited, as a JSON tree (defaults filled in). Every change is
 * re-validated by the engine's {@link RunConfigReader#parse}, so the form shows exactly the
 * message the trainer would give, next to the field it names.
 */
public final class ConfigDocument {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ObjectNode tree = RunConfigReader.defaults();
    private final ReadOnlyObjectWrapper<ConfigException> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunConfig> config = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();

    public ConfigDocument() {
        validate();
    }

    /** The engine's complaint about the current values, or null when they are valid. */
    public ReadOnlyObjectProperty<ConfigException> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The validated configuration, or null while there is a problem. */
    public ReadOnlyObjectProperty<RunConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    /** Bumped on every replacement of the whole document (load, preset), so editors re-read their values. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The value at a dotted path (a missing node when absent). */
    public JsonNode get(String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** Replaces the value at a dotted path and re-validates. */
    public void set(String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(parts[i]);
            }
            parent = (ObjectNode) child;
        }
        parent.set(parts[parts.length - 1], value);
        validate();
    }

    /**
     * Sets a field from what the user typed. Text that is not a number of the field's kind is stored
     * as a JSON string, so the engine reports it as a wrong type for that very field.
     */
    public void setText(ConfigField field, String text) {
        set(field.path(), FieldValues.parse(field.kind(), text));
    }

    /** Replaces the whole document with a JSON text laid over the defaults. */
    public void load(String json, String source) throws ConfigException {
        JsonNode user;
        try {
            user = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, "not valid JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage());
        }
        if (!(user instanceof ObjectNode obj)) {
            throw new ConfigException(source, null, "expected a JSON object");
        }
        ObjectNode merged = RunConfigReader.defaults();
        overlay(merged, obj);
        tree = merged;
        revision.set(revision.get() + 1);
        validate();
    }

    /** Loads a JSON file (see {@link #load(String, String)}). */
    public void load(Path file) throws ConfigException {
        try {
            load(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
    }

    /** Writes the current values as pretty JSON. */
    public void save(Path file) throws IOException {
        Files.writeString(file, json());
    }

    /** The current values as pretty JSON (what is handed to the trainer). */
    public String json() {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep copy of the current tree (for A/B clones). */
    public ObjectNode copyTree() {
        return tree.deepCopy();
    }

    private void validate() {
        try {
            config.set(RunConfigReader.parse(json(), "run config"));
            problem.set(null);
        } catch (ConfigException e) {
            config.set(null);
            problem.set(e);
        }
    }

    private static void overlay(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            // Same rule as the engine: per-role mask weights replace the defaults wholesale.
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo && !e.getKey().equals("weights")) {
                overlay(eo, vo);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }
}
