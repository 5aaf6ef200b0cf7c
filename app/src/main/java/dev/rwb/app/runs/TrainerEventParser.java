package dev.rwb.app.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the trainer's stdout protocol: one JSON object per line. Tolerant by design: unknown
 * fields are ignored, both spellings of the lifecycle events are accepted ({@code start}/{@code
 * started}; {@code end}/{@code finished}/{@code failed}/{@code stopped}), and a line that is not a
 * JSON object yields nothing (the caller logs it as plain text). A {@code warm_start} line carries its
 * phase and loss ({@link TrainerEvent.WarmStart}).
 */
public final class TrainerEventParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainerEventParser() {
    }

    public static Optional<TrainerEvent> parse(String line) {
        String s = line.strip();
        if (!s.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject()) {
            return Optional.empty();
        }
        String name = n.path("event").asText("");
        TrainerEvent.Type type = switch (name) {
            case "run" -> TrainerEvent.Type.RUN;
            case "warm_start" -> TrainerEvent.Type.WARM_START;
            case "start", "started" -> TrainerEvent.Type.START;
            case "step" -> TrainerEvent.Type.STEP;
            case "end", "finished", "failed", "stopped" -> TrainerEvent.Type.END;
            default -> TrainerEvent.Type.OTHER;
        };
        String outcome = n.hasNonNull("outcome") ? n.get("outcome").asText()
                : type == TrainerEvent.Type.END ? (name.equals("end") ? "finished" : name) : null;
        String message = n.hasNonNull("message") ? n.get("message").asText()
                : n.hasNonNull("error") ? n.get("error").asText() : null;
        return Optional.of(new TrainerEvent(type, n.path("run_id").asLong(-1), textOrNull(n, "run"),
                n.has("step") ? n.path("step").asInt(-1) : n.path("first_step").asInt(-1), n.path("steps").asInt(-1), n.path("eta_s").asDouble(Double.NaN),
                metrics(n.path("metrics")), outcome, message, type == TrainerEvent.Type.WARM_START ? warmStart(n) : null));
    }

    /** {@code "phase":1,"phases":2,"loss":1.234}: a line without phases is a one-phase warm start. */
    private static TrainerEvent.WarmStart warmStart(JsonNode n) {
        return new TrainerEvent.WarmStart(n.path("phase").asInt(1), n.path("phases").asInt(1),
                n.path("loss").isNumber() ? n.path("loss").asDouble() : Double.NaN);
    }

    private static String textOrNull(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Map<String, Double> metrics(JsonNode m) {
        Map<String, Double> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = m.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return out;
    }
}
