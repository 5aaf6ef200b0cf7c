package dev.rwb.engine.trajectory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the workbench's own trajectory format: JSON lines, one trajectory per line,
 * snake_case fields, per-token arrays under {@code tokens}. Non-finite floats are written as
 * {@code null} and read back as {@code NaN}.
 *
 * <p>Reading validates every field and reports the first problem with file, line and field,
 * e.g. {@code run.jsonl:12: field 'tokens.role[37]': unknown role 'FOO'}.
 */
public final class TrajectoryJsonl {
    /** Version of the line format; bumped when a field changes meaning. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = InputLimits.boundedMapper();

    private TrajectoryJsonl() {
    }

    /** Reads every trajectory of a file; throws on the first invalid line. */
    public static List<Trajectory> read(Path file) throws IOException, TrajectoryFormatException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.getFileName().toString());
        }
    }

    /** Reads every trajectory from a reader; {@code sourceName} names the source in error messages. */
    public static List<Trajectory> read(Reader reader, String sourceName) throws IOException, TrajectoryFormatException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Trajectory> out = new ArrayList<>();
        String line;
        int lineNo = 0;
        StringBuilder buffer = new StringBuilder();
        while (true) {
            try {
                line = InputLimits.readLine(br, buffer);
            } catch (InputLimits.LineTooLongException e) {
                throw new TrajectoryFormatException(sourceName, lineNo + 1, null, e.getMessage());
            }
            if (line == null) {
                break;
            }
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            out.add(parseLine(line, sourceName, lineNo));
        }
        return out;
    }

    /** Parses one line. */
    public static Trajectory parseLine(String line, String sourceName, int lineNo) throws TrajectoryFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (StreamConstraintsException e) {
            throw new TrajectoryFormatException(sourceName, lineNo, null, InputLimits.describe(e));
        } catch (JsonProcessingException e) {
            throw new TrajectoryFormatException(sourceName, lineNo, null,
                    "not valid JSON: " + e.getOriginalMessage());
        }
        return new LineParser(root, sourceName, lineNo).parse();
    }

    /** Writes trajectories as JSON lines. */
    public static void write(List<Trajectory> trajectories, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(trajectories, w);
        }
    }

    public static void write(List<Trajectory> trajectories, Writer writer) throws IOException {
        for (Trajectory t : trajectories) {
            writer.write(toLine(t));
            writer.write('\n');
        }
        writer.flush();
    }

    /** One trajectory as one JSON line (no trailing newline). */
    public static String toLine(Trajectory t) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema_version", SCHEMA_VERSION);
        o.put("run", t.run());
        o.put("step", t.step());
        o.put("prompt_id", t.promptId());
        o.put("group_id", t.groupId());
        o.put("sample_index", t.sampleIndex());
        o.put("task", t.task());
        o.put("ground_truth", t.groundTruth());
        if (t.finalAnswer() == null) {
            o.putNull("final_answer");
        } else {
            o.put("final_answer", t.finalAnswer());
        }
        putFloat(o, "reward", t.reward());
        ObjectNode comps = o.putObject("reward_components");
        t.rewardComponents().forEach((k, v) -> putFloat(comps, k, v));
        o.put("correct", t.correct());
        o.put("finish_reason", t.finishReason().key());
        o.put("num_tool_calls", t.numToolCalls());
        o.put("text_only", t.textOnly());
        if (t.toolError() != null) {
            o.put("tool_error", t.toolError());
        }
        if (t.verifierError() != null) {
            o.put("verifier_error", t.verifierError());
        }
        ArrayNode segs = o.putArray("policy_segments");
        for (PolicySegment s : t.policySegments()) {
            segs.addObject().put("start", s.startToken()).put("version", s.policyVersion());
        }
        TokenArrays a = t.tokens();
        ObjectNode tok = o.putObject("tokens");
        ArrayNode ids = tok.putArray("token_ids");
        for (int v : a.tokenIds()) {
            ids.add(v);
        }
        ArrayNode text = tok.putArray("token_text");
        for (String s : a.tokenText()) {
            text.add(s);
        }
        ArrayNode roles = tok.putArray("role");
        for (Role r : a.roles()) {
            roles.add(r.name());
        }
        ArrayNode turns = tok.putArray("turn");
        for (int v : a.turns()) {
            turns.add(v);
        }
        putFloats(tok, "loss_weight", a.lossWeights());
        putFloats(tok, "logprob", a.logprobs());
        putFloats(tok, "ref_logprob", a.refLogprobs());
        putFloats(tok, "entropy", a.entropies());
        putFloats(tok, "advantage", a.advantages());
        putFloats(tok, "contribution", a.contributions());
        ArrayNode clipped = tok.putArray("clipped");
        for (boolean b : a.clipped()) {
            clipped.add(b);
        }
        putExtras(tok, a);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema-7 fields, each only when it holds something (older readers ignore unknown keys). */
    private static void putExtras(ObjectNode tok, TokenArrays a) {
        if (!allNaN(a.trainerLogprobs())) {
            putFloats(tok, "trainer_logprob", a.trainerLogprobs());
        }
        if (!allNaN(a.mismatchKl())) {
            putFloats(tok, "mismatch_kl", a.mismatchKl());
        }
        boolean anyTop = false;
        for (TopLogprobs t : a.topLogprobs()) {
            anyTop |= !t.isEmpty();
        }
        if (anyTop) {
            ArrayNode top = tok.putArray("top_logprobs");
            for (TopLogprobs t : a.topLogprobs()) {
                ArrayNode alts = top.addArray();
                for (int k = 0; k < t.size(); k++) {
                    ObjectNode alt = alts.addObject().put("token", t.tokens()[k]);
                    putFloat(alt, "logprob", t.logprobs()[k]);
                }
            }
        }
        if (!a.lossStreams().isEmpty()) {
            ObjectNode streams = tok.putObject("loss_streams");
            a.lossStreams().forEach((name, values) -> putFloats(streams, name, values));
        }
    }

    private static boolean allNaN(float[] values) {
        for (float v : values) {
            if (!Float.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    private static void putFloat(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static void putFloats(ObjectNode o, String name, float[] values) {
        ArrayNode arr = o.putArray(name);
        for (float v : values) {
            if (Float.isFinite(v)) {
                arr.add(v);
            } else {
                arr.addNull();
            }
        }
    }

    /** Validating mapper from a JSON tree to a {@link Trajectory}; knows where it is for error messages. */
    private static final class LineParser {
        private final JsonNode root;
        private final String source;
        private final int lineNo;

        LineParser(JsonNode root, String source, int lineNo) {
            this.root = root;
            this.source = source;
            this.lineNo = lineNo;
        }

        private TrajectoryFormatException error(String field, String problem) {
            return new TrajectoryFormatException(source, lineNo, field, problem);
        }

        Trajectory parse() throws TrajectoryFormatException {
            if (!root.isObject()) {
                throw error(null, "expected a JSON object, found " + root.getNodeType().name().toLowerCase());
            }
            if (root.has("schema_version")) {
                int v = intField(root, "schema_version", "schema_version");
                if (v > SCHEMA_VERSION) {
                    throw error("schema_version", "version " + v + " is newer than this workbench reads ("
                            + SCHEMA_VERSION + ")");
                }
            }
            String run = textField(root, "run", "run", true);
            String task = textField(root, "task", "task", true);
            int step = intField(root, "step", "step");
            String promptId = textField(root, "prompt_id", "prompt_id", false);
            String groupId = textField(root, "group_id", "group_id", false);
            int sampleIndex = root.has("sample_index") ? intField(root, "sample_index", "sample_index") : 0;
            String groundTruth = textField(root, "ground_truth", "ground_truth", false);
            String finalAnswer = textField(root, "final_answer", "final_answer", false);
            double reward = doubleField(root, "reward", "reward", true);
            Map<String, Double> comps = new LinkedHashMap<>();
            JsonNode compsNode = root.get("reward_components");
            if (compsNode != null && !compsNode.isNull()) {
                if (!compsNode.isObject()) {
                    throw error("reward_components", "expected an object of name → number");
                }
                Iterator<Map.Entry<String, JsonNode>> it = compsNode.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    comps.put(e.getKey(), doubleField(compsNode, e.getKey(), "reward_components." + e.getKey(), true));
                }
            }
            boolean correct = boolField(root, "correct", "correct", false);
            FinishReason finish;
            String finishText = textField(root, "finish_reason", "finish_reason", true);
            try {
                finish = FinishReason.parse(finishText);
            } catch (IllegalArgumentException e) {
                throw error("finish_reason", e.getMessage());
            }
            int toolCalls = root.has("num_tool_calls") ? intField(root, "num_tool_calls", "num_tool_calls") : 0;
            boolean textOnly = boolField(root, "text_only", "text_only", false);
            List<PolicySegment> segments = new ArrayList<>();
            JsonNode segNode = root.get("policy_segments");
            if (segNode != null && !segNode.isNull()) {
                if (!segNode.isArray()) {
                    throw error("policy_segments", "expected an array of {start, version}");
                }
                for (int i = 0; i < segNode.size(); i++) {
                    JsonNode s = segNode.get(i);
                    String f = "policy_segments[" + i + "]";
                    segments.add(new PolicySegment(intField(s, "start", f + ".start"), intField(s, "version", f + ".version")));
                }
            }
            JsonNode tok = root.get("tokens");
            if (tok == null || !tok.isObject()) {
                throw error("tokens", tok == null ? "missing" : "expected an object of per-token arrays");
            }
            TokenArrays arrays = parseTokens(tok);
            for (PolicySegment s : segments) {
                if (s.startToken() < 0 || s.startToken() >= Math.max(1, arrays.length())) {
                    throw error("policy_segments", "segment start " + s.startToken() + " is outside 0.."
                            + (arrays.length() - 1));
                }
            }
            String toolError = textField(root, "tool_error", "tool_error", false);
            String verifierError = textField(root, "verifier_error", "verifier_error", false);
            return new Trajectory(0, run, step, promptId, groupId, sampleIndex, task, groundTruth, finalAnswer,
                    reward, comps, correct, finish, toolCalls, textOnly, segments, arrays, toolError, verifierError);
        }

        private TokenArrays parseTokens(JsonNode tok) throws TrajectoryFormatException {
            JsonNode idsNode = array(tok, "token_ids", true);
            int n = idsNode.size();
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = intValue(idsNode.get(i), "tokens.token_ids[" + i + "]");
            }
            String[] text = new String[n];
            JsonNode textNode = array(tok, "token_text", true);
            checkLength("token_text", textNode, n);
            for (int i = 0; i < n; i++) {
                JsonNode v = textNode.get(i);
                if (!v.isTextual()) {
                    throw error("tokens.token_text[" + i + "]", "expected a string, found " + v);
                }
                text[i] = v.asText();
            }
            Role[] roles = new Role[n];
            JsonNode roleNode = array(tok, "role", true);
            checkLength("role", roleNode, n);
            for (int i = 0; i < n; i++) {
                JsonNode v = roleNode.get(i);
                String f = "tokens.role[" + i + "]";
                if (!v.isTextual()) {
                    throw error(f, "expected a role name, found " + v);
                }
                try {
                    roles[i] = Role.parse(v.asText());
                } catch (IllegalArgumentException e) {
                    throw error(f, e.getMessage());
                }
            }
            int[] turns = new int[n];
            JsonNode turnNode = array(tok, "turn", false);
            if (turnNode != null) {
                checkLength("turn", turnNode, n);
                for (int i = 0; i < n; i++) {
                    turns[i] = intValue(turnNode.get(i), "tokens.turn[" + i + "]");
                }
            }
            float[] weights = floats(tok, "loss_weight", n, 0f);
            for (int i = 0; i < n; i++) {
                if (!(weights[i] >= 0f)) {
                    throw error("tokens.loss_weight[" + i + "]", "loss weight must be a number ≥ 0, found " + weights[i]);
                }
            }
            float[] logprobs = floats(tok, "logprob", n, Float.NaN);
            for (int i = 0; i < n; i++) {
                if (logprobs[i] > 1e-4f) {
                    throw error("tokens.logprob[" + i + "]", "a log-probability cannot be positive, found " + logprobs[i]);
                }
            }
            float[] ref = floats(tok, "ref_logprob", n, Float.NaN);
            float[] entropy = floats(tok, "entropy", n, Float.NaN);
            float[] adv = floats(tok, "advantage", n, Float.NaN);
            float[] contrib = floats(tok, "contribution", n, 0f);
            boolean[] clipped = new boolean[n];
            JsonNode clipNode = array(tok, "clipped", false);
            if (clipNode != null) {
                checkLength("clipped", clipNode, n);
                for (int i = 0; i < n; i++) {
                    JsonNode v = clipNode.get(i);
                    if (!v.isBoolean()) {
                        throw error("tokens.clipped[" + i + "]", "expected true or false, found " + v);
                    }
                    clipped[i] = v.asBoolean();
                }
            }
            return new TokenArrays(ids, text, roles, turns, weights, logprobs, ref, entropy, adv, contrib, clipped,
                    floats(tok, "trainer_logprob", n, Float.NaN), floats(tok, "mismatch_kl", n, Float.NaN),
                    topLogprobs(tok, n), lossStreams(tok, n));
        }

        private TopLogprobs[] topLogprobs(JsonNode tok, int n) throws TrajectoryFormatException {
            JsonNode node = array(tok, "top_logprobs", false);
            if (node == null) {
                return TopLogprobs.none(n);
            }
            checkLength("top_logprobs", node, n);
            TopLogprobs[] out = new TopLogprobs[n];
            for (int i = 0; i < n; i++) {
                String f = "tokens.top_logprobs[" + i + "]";
                JsonNode alts = node.get(i);
                if (alts.isNull() || alts.isEmpty()) {
                    out[i] = TopLogprobs.NONE;
                    continue;
                }
                if (!alts.isArray()) {
                    throw error(f, "expected an array of {token, logprob}, found " + alts);
                }
                String[] tokens = new String[alts.size()];
                float[] logprobs = new float[alts.size()];
                for (int k = 0; k < alts.size(); k++) {
                    tokens[k] = textField(alts.get(k), "token", f + "[" + k + "].token", true);
                    logprobs[k] = (float) doubleField(alts.get(k), "logprob", f + "[" + k + "].logprob", true);
                }
                out[i] = new TopLogprobs(tokens, logprobs);
            }
            return out;
        }

        private Map<String, float[]> lossStreams(JsonNode tok, int n) throws TrajectoryFormatException {
            JsonNode node = tok.get("loss_streams");
            Map<String, float[]> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                throw error("tokens.loss_streams", "expected an object of name → per-token weights");
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                out.put(name, floats(node, name, n, Float.NaN));
            }
            return out;
        }

        private float[] floats(JsonNode tok, String name, int n, float missing) throws TrajectoryFormatException {
            float[] out = new float[n];
            JsonNode node = array(tok, name, false);
            if (node == null) {
                java.util.Arrays.fill(out, missing);
                return out;
            }
            checkLength(name, node, n);
            for (int i = 0; i < n; i++) {
                JsonNode v = node.get(i);
                if (v.isNull()) {
                    out[i] = Float.NaN;
                } else if (v.isNumber()) {
                    out[i] = (float) v.asDouble();
                } else {
                    throw error("tokens." + name + "[" + i + "]", "expected a number or null, found " + v);
                }
            }
            return out;
        }

        private void checkLength(String name, JsonNode arr, int n) throws TrajectoryFormatException {
            if (arr.size() != n) {
                throw error("tokens." + name, "has " + arr.size() + " values but tokens.token_ids has " + n
                        + " (all per-token arrays must have the same length)");
            }
        }

        private JsonNode array(JsonNode parent, String name, boolean required) throws TrajectoryFormatException {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error("tokens." + name, "missing");
                }
                return null;
            }
            if (!v.isArray()) {
                throw error("tokens." + name, "expected an array");
            }
            return v;
        }

        private int intValue(JsonNode v, String field) throws TrajectoryFormatException {
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw error(field, "expected an integer, found " + v);
            }
            return v.asInt();
        }

        private int intField(JsonNode parent, String name, String field) throws TrajectoryFormatException {
            JsonNode v = parent.get(name);
            if (v == null) {
                throw error(field, "missing");
            }
            return intValue(v, field);
        }

        private double doubleField(JsonNode parent, String name, String field, boolean nullAsNaN)
                throws TrajectoryFormatException {
            JsonNode v = parent.get(name);
            if (v == null) {
                throw error(field, "missing");
            }
            if (v.isNull() && nullAsNaN) {
                return Double.NaN;
            }
            if (!v.isNumber()) {
                throw error(field, "expected a number, found " + v);
            }
            return v.asDouble();
        }

        private boolean boolField(JsonNode parent, String name, String field, boolean required)
                throws TrajectoryFormatException {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(field, "missing");
                }
                return false;
            }
            if (!v.isBoolean()) {
                throw error(field, "expected true or false, found " + v);
            }
            return v.asBoolean();
        }

        private String textField(JsonNode parent, String name, String field, boolean required)
                throws TrajectoryFormatException {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(field, "missing");
                }
                return null;
            }
            if (!v.isTextual()) {
                throw error(field, "expected a string, found " + v);
            }
            return v.asText();
        }
    }
}
