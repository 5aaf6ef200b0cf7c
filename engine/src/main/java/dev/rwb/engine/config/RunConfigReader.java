package dev.rwb.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads run configurations: the user's JSON is laid over the defaults
 * ({@code default-run-config.json} in this package), unknown keys are rejected by name, and
 * {@link RunConfigValidator} checks every value.
 */
public final class RunConfigReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private RunConfigReader() {
    }

    public static RunConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses and validates a configuration; {@code source} names it in error messages. */
    public static RunConfig parse(String json, String source) throws ConfigException {
        JsonNode user;
        try {
            user = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (user == null || !user.isObject()) {
            throw new ConfigException(source, null, "expected a JSON object");
        }
        ObjectNode merged = defaults();
        merge(merged, (ObjectNode) user);
        RunConfig config;
        try {
            config = MAPPER.treeToValue(merged, RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new ConfigException(source, path(e), "unknown field (known here: " + known + ")");
        } catch (JsonMappingException e) {
            throw new ConfigException(source, path(e), "wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, e.getOriginalMessage());
        }
        RunConfigValidator.validate(config, source);
        return config;
    }

    /** The configuration as pretty JSON (what {@link #parse} reads back to an equal record). */
    public static String toJson(RunConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The defaults as a JSON tree. */
    public static ObjectNode defaults() {
        try (InputStream in = RunConfigReader.class.getResourceAsStream("default-run-config.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("default-run-config.json missing from the engine jar", e);
        }
    }

    /** The default configuration. */
    public static RunConfig defaultConfig() {
        try {
            return parse("{}", "defaults");
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            // Per-role mask weights replace the default map wholesale; other objects merge key by key.
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo
                    && !e.getKey().equals("weights")) {
                merge(eo, vo);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
