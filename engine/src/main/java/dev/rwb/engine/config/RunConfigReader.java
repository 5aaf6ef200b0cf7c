package dev.rwb.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads run configurations: the user's JSON is laid over the defaults
 * ({@code default-run-config.json} in this package), unknown keys are rejected by name, and
 * {@link RunConfigValidator} checks every value.
 */
public final class RunConfigReader {
    /**
     * Strict JSON: a duplicated key, anything after the object and a fractional number for an integer
     * field are errors, not silently resolved (issue 17: {@code "steps": 1} then {@code 400000} started a
     * 400,000-step run, and {@code group_size: 2.5} became 2).
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final char BOM = '\uFEFF';
    /** The fields a warm-start phase takes from the enclosing {@code warm_start} object when it leaves them out. */
    private static final java.util.List<String> PHASE_FIELDS = java.util.List.of("steps", "demonstrations", "noise",
            "mistakes", "batch_size", "learning_rate", "adam_beta1", "adam_beta2", "adam_epsilon");
    private static final java.util.regex.Pattern FRACTION = java.util.regex.Pattern.compile("Floating-point value \\(([^)]*)\\)");

    private RunConfigReader() {
    }

    /** Reads a config file: UTF-8, with or without a byte-order mark. */
    public static RunConfig read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
        return parse(decodeUtf8(bytes, file.getFileName().toString()), file.getFileName().toString());
    }

    /** Strict UTF-8: a byte that is not UTF-8 (e.g. Latin-1 é, 0xE9) is reported with its byte offset. */
    static String decodeUtf8(byte[] bytes, String source) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(source, null, String.format(Locale.ROOT,
                    "not UTF-8 text: byte 0x%02X at byte offset %d (line %d) is not valid UTF-8; save the file as UTF-8",
                    bytes[offset] & 0xff, offset, line));
        }
        return out.flip().toString();
    }

    /** Parses and validates a configuration; {@code source} names it in error messages. */
    public static RunConfig parse(String json, String source) throws ConfigException {
        JsonNode user;
        String text = !json.isEmpty() && json.charAt(0) == BOM ? json.substring(1) : json;
        try {
            user = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, jsonError(e));
        }
        if (user == null || !user.isObject()) {
            throw new ConfigException(source, null, "expected a JSON object");
        }
        ObjectNode merged = defaults();
        merge(merged, (ObjectNode) user, "", source);
        fillPhases(merged, source);
        RunConfig config;
        try {
            config = MAPPER.treeToValue(merged, RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new ConfigException(source, path(e), "unknown field (known here: " + known + ")");
        } catch (JsonMappingException e) {
            // a choice list's @JsonCreator rejects an unknown value with a message naming the allowed ones
            if (rootCause(e) instanceof IllegalArgumentException choice) {
                throw new ConfigException(source, path(e), choice.getMessage());
            }
            if (e.getOriginalMessage().startsWith("Cannot coerce Floating-point value")) {
                java.util.regex.Matcher value = FRACTION.matcher(e.getOriginalMessage());
                throw new ConfigException(source, path(e), "expected a whole number, found "
                        + (value.find() ? value.group(1) : "a fraction") + " (integer fields take no fraction)");
            }
            throw new ConfigException(source, path(e), "wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, e.getOriginalMessage());
        }
        RunConfigValidator.validate(config, source);
        requireGroups(merged, source);
        return config;
    }

    /**
     * Every algorithm here takes its baseline from the other samples of the same prompt (GRPO's group
     * mean and std, RLOO's leave-one-out mean, …): with one sample per prompt every advantage is 0 and
     * no update would ever run.
     */
    private static void requireGroups(ObjectNode merged, String source) throws ConfigException {
        JsonNode algorithm = merged.path("algorithm");
        if (algorithm.path("group_size").asInt() < 2) {
            throw new ConfigException(source, "algorithm.group_size", "must be at least 2 for "
                    + algorithm.path("name").asText() + ": its advantage compares the samples of one prompt, so "
                    + "with 1 sample every advantage is 0 and every update would be skipped");
        }
    }

    /**
     * Lays each warm-start phase over the enclosing {@code warm_start} object's values, so a phase
     * names only what differs (see {@link RunConfig.WarmStart}); a phase's unknown field is left in
     * for the mapper to refuse by its path ({@code warm_start.phases[1].nosie}).
     */
    private static void fillPhases(ObjectNode merged, String source) throws ConfigException {
        if (!(merged.get("warm_start") instanceof ObjectNode warm) || !warm.has("phases")) {
            return;
        }
        JsonNode phases = warm.get("phases");
        if (!phases.isArray()) {
            throw new ConfigException(source, "warm_start.phases",
                    "expected a list of phase objects, e.g. [{\"steps\": 2000}, {\"steps\": 1500}]");
        }
        if (phases.isEmpty()) {
            return;
        }
        if (warm.path("steps").asInt() != 0) {
            throw new ConfigException(source, "warm_start.steps", "is " + warm.path("steps")
                    + " but warm_start.phases gives the steps of each phase; leave warm_start.steps out");
        }
        for (int i = 0; i < phases.size(); i++) {
            if (!(phases.get(i) instanceof ObjectNode phase)) {
                throw new ConfigException(source, "warm_start.phases[" + i + "]", "expected an object, found "
                        + phases.get(i).getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            ObjectNode filled = MAPPER.createObjectNode();
            for (String field : PHASE_FIELDS) {
                if (warm.has(field)) {
                    filled.set(field, warm.get(field).deepCopy());
                }
            }
            filled.setAll(phase);
            ((com.fasterxml.jackson.databind.node.ArrayNode) phases).set(i, filled);
        }
    }

    /** A parse error in words, with its place when the parser knows it (a size cap may not). */
    private static String jsonError(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        if (problem != null && problem.length() > 300) {
            problem = problem.substring(0, 300) + "…";
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return "duplicate key" + where + ": " + problem + " (a key may appear only once)";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return "unexpected content after the config object" + where + ": " + problem;
        }
        return "not valid JSON" + where + ": " + problem;
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

    private static void merge(ObjectNode base, ObjectNode over, String path, String source) throws ConfigException {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode existing = base.get(e.getKey());
            if (e.getValue().isNull() && existing != null && !existing.isNull()) {
                // a null would reach the validator as a missing section or value: say what to write instead
                throw new ConfigException(source, field, "is null; leave it out to use the default "
                        + (existing.isObject() ? "section" : "(" + existing + ")") + ", or give a value");
            }
            if (field.equals("model.lora") && e.getValue() instanceof ObjectNode vo && !(existing instanceof ObjectNode)) {
                // LoRA is off by default (null); a LoRA section the user opens starts from the usual settings
                ObjectNode lora = loraDefaults();
                merge(lora, vo, field, source);
                base.set(e.getKey(), lora);
                continue;
            }
            // Per-role mask weights replace the default map wholesale; other objects merge key by key.
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo
                    && !e.getKey().equals("weights")) {
                merge(eo, vo, field, source);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Defaults of an opened {@code model.lora} section: rank 8, α 16, the attention projections. */
    static ObjectNode loraDefaults() {
        ObjectNode lora = MAPPER.createObjectNode();
        lora.put("rank", 8);
        lora.put("alpha", 16.0);
        var targets = lora.putArray("target_modules");
        for (String t : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
            targets.add(t);
        }
        return lora;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
