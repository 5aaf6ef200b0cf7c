package dev.rwb.app.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.RunConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The warm-start fields of a config written in phases ({@code warm_start.phases}, see
 * {@link RunConfig.WarmStart}), as the form shows and edits them: one value per phase, separated by
 * {@code |} ("300 | 100" steps). A field that no phase sets is the enclosing {@code warm_start} value
 * every phase inherits, and stays a plain field.
 */
final class PhaseValues {
    static final String SEPARATOR = " | ";
    private static final String PREFIX = "warm_start.";
    /** The JSON names of the fields a phase may set: the components of the engine's phase record. */
    static final List<String> PHASE_FIELDS = Arrays.stream(RunConfig.Phase.class.getRecordComponents())
            .map(c -> {
                JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
                return p != null ? p.value() : c.getName();
            })
            .toList();

    private PhaseValues() {
    }

    /** The phase objects of the document's warm start (empty in the single-object form). */
    static List<JsonNode> phases(ConfigDocument document) {
        JsonNode phases = document.get("warm_start.phases");
        List<JsonNode> list = new ArrayList<>();
        if (phases.isArray()) {
            phases.forEach(list::add);
        }
        return list;
    }

    /** Whether this field is shown per phase: the warm start has phases and the steps, or a field some phase sets. */
    static boolean perPhase(ConfigDocument document, ConfigField field) {
        String name = name(field);
        List<JsonNode> phases = phases(document);
        if (name == null || phases.isEmpty()) {
            return false;
        }
        return name.equals("steps") || phases.stream().anyMatch(p -> p.has(name));
    }

    /** Each phase's value of the field (its own, else the enclosing one it inherits), "300 | 100". */
    static String format(ConfigDocument document, ConfigField field) {
        String name = name(field);
        JsonNode inherited = document.get(field.path());
        return String.join(SEPARATOR, phases(document).stream()
                .map(p -> FieldValues.format(p.has(name) ? p.get(name) : inherited)).toList());
    }

    /**
     * Sets each phase's value from "a | b | …" (one value per phase, in order).
     *
     * @return null when applied, else what is wrong in words (the document is left as it was)
     */
    static String apply(ConfigDocument document, ConfigField field, String text) {
        List<JsonNode> phases = phases(document);
        String[] values = (text == null ? "" : text).split("\\|", -1);
        if (values.length != phases.size()) {
            return "the warm start has " + phases.size() + " phases: give " + phases.size()
                    + " values separated by |, one per phase (add or remove a phase in the config file)";
        }
        ArrayNode updated = ConfigDocument.nodes().arrayNode();
        for (int i = 0; i < phases.size(); i++) {
            ObjectNode phase = ((ObjectNode) phases.get(i)).deepCopy();
            phase.set(name(field), FieldValues.parse(field.kind(), values[i]));
            updated.add(phase);
        }
        document.set("warm_start.phases", updated);
        return null;
    }

    /** "2 phases: 300 + 100 = 400 steps, each continuing the previous one", or "" without phases. */
    static String summary(ConfigDocument document) {
        List<JsonNode> phases = phases(document);
        if (phases.isEmpty()) {
            return "";
        }
        List<String> steps = phases.stream().map(p -> FieldValues.format(p.get("steps"))).toList();
        long total = phases.stream().mapToLong(p -> p.path("steps").asLong()).sum();
        return String.format(Locale.ROOT, "%d phases: %s = %d steps, each continuing the previous one",
                phases.size(), String.join(" + ", steps), total);
    }

    /** The phase field a form field names ("noise" for warm_start.noise), or null for any other field. */
    private static String name(ConfigField field) {
        if (!field.path().startsWith(PREFIX)) {
            return null;
        }
        String name = field.path().substring(PREFIX.length());
        return PHASE_FIELDS.contains(name) ? name : null;
    }
}
