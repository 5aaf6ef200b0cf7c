package dev.rwb.engine.interop.verl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.rl.Advantages;
import dev.rwb.engine.interop.TokenizerChoice;
import dev.rwb.engine.interop.TrajectoryWork;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * verl's {@code rollout_data_dir} (or {@code validation_data_dir}): one {@code <step>.jsonl} per step,
 * each line {@code input}, {@code output} (decoded text), {@code gts}, {@code score}, {@code step} and
 * the reward-extra-info keys. Roles come from the tags in the text, weights follow Search-R1 (model
 * tokens 1, prompt and tool responses 0), samples with identical input in one step form a group,
 * and the advantage is GRPO over the group's scores (verl does not dump advantages).
 *
 * <p>Each step file is read twice, line by line: first only the inputs and scores (for the groups'
 * statistics), then whole records, so memory holds one record and a few numbers per sample.
 */
public final class VerlImporter implements Importer {
    /** A step file: {@code <global_step>.jsonl}. */
    public static final Pattern STEP_FILE = Pattern.compile("(\\d+)\\.jsonl");
    private static final JsonFactory JSON = JsonLines.mapper().getFactory();
    private static final List<String> KNOWN_KEYS = List.of("input", "output", "gts", "score", "step");

    @Override
    public ImportFormat format() {
        return ImportFormat.VERL;
    }

    /** The step files of a dump directory in step order, or the file itself. */
    public static List<Path> stepFiles(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> s = Files.list(source)) {
            return s.filter(p -> STEP_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b))).toList();
        }
    }

    private static long stepOf(Path p) {
        var m = STEP_FILE.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        readDeferred(source, options, work -> sink.accept(work.build()));
    }

    @Override
    public void readDeferred(Path source, ImportOptions options, TrajectoryWork.Sink sink)
            throws IOException, TrajectoryFormatException {
        List<Path> files = stepFiles(source);
        if (files.isEmpty()) {
            throw new TrajectoryFormatException(source.toString(), 0, null, "no <step>.jsonl files in this directory");
        }
        Path dir = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        String run = options.runOr("verl-" + (dir == null ? "dump" : dir.getFileName()));
        TextPieces pieces = TokenizerChoice.pieces(options, sampleTexts(files.get(0)));
        for (Path file : files) {
            readStepFile(file, run, pieces, sink);
        }
    }

    private static List<String> sampleTexts(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        try {
            JsonLines.forEachLine(file, file.getFileName().toString(), (line, no) -> {
                if (texts.size() < 2 * TokenizerChoice.SAMPLE_RECORDS) {
                    JsonNode n = JsonLines.parse(line, file.getFileName().toString(), no).node();
                    texts.add(n.path("input").asText(""));
                    texts.add(n.path("output").asText(""));
                }
            });
        } catch (TrajectoryFormatException e) {
            // The full pass reports the problem with its place; the sample simply stops here.
        }
        return texts;
    }

    private void readStepFile(Path file, String run, TextPieces pieces, TrajectoryWork.Sink sink)
            throws IOException, TrajectoryFormatException {
        String name = file.getFileName().toString();
        var m = STEP_FILE.matcher(name);
        int fileStep = m.matches() ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.group(1))) : 0;
        StepGroups groups = scanGroups(file, name);
        int[] nextSample = new int[groups.rewards.size()];
        int[] index = {0};
        JsonLines.forEachLineMetered(file, name, (line, no) -> {
            int i = index[0]++;
            int g = groups.groupOf[i];
            int sample = nextSample[g]++;
            String key = groups.keys.get(g);
            double advantage = groups.advantages.get(g)[sample];
            // parsing and tokenising the record is the work that may run on another thread
            sink.accept(() -> toTrajectory(JsonLines.parse(line, name, no), run, fileStep, key, sample, advantage,
                    pieces));
        });
    }

    /** Group index per line, each group's rewards and their GRPO advantages (the first pass). */
    private static final class StepGroups {
        int[] groupOf = new int[256];
        final List<List<Double>> rewards = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<double[]> advantages = new ArrayList<>();
    }

    private StepGroups scanGroups(Path file, String name) throws IOException, TrajectoryFormatException {
        StepGroups groups = new StepGroups();
        Map<String, Integer> byInput = new HashMap<>();
        int[] count = {0};
        JsonLines.forEachLine(file, name, (line, no) -> {
            String[] inputAndScore = inputAndScore(line, name, no);
            String key = inputKey(inputAndScore[0]);
            Integer g = byInput.get(key);
            if (g == null) {
                g = groups.rewards.size();
                byInput.put(key, g);
                groups.rewards.add(new ArrayList<>());
                groups.keys.add(key);
            }
            if (count[0] == groups.groupOf.length) {
                groups.groupOf = java.util.Arrays.copyOf(groups.groupOf, count[0] * 2);
            }
            groups.groupOf[count[0]++] = g;
            groups.rewards.get(g).add(inputAndScore[1] == null ? Double.NaN : Double.parseDouble(inputAndScore[1]));
        });
        // sources with scores but no advantages get GRPO's (a missing score: NaN, left out of its group's statistics)
        for (List<Double> r : groups.rewards) {
            groups.advantages.add(Advantages.grpo(r.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return groups;
    }

    /** Reads only the top-level {@code input} and {@code score} of a line with the streaming parser. */
    private static String[] inputAndScore(String line, String name, int no) throws TrajectoryFormatException {
        String input = null;
        String score = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TrajectoryFormatException(name, no, null, "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("input") && t == JsonToken.VALUE_STRING) {
                    input = p.getText();
                } else if (field.equals("score") && t.isNumeric()) {
                    score = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new TrajectoryFormatException(name, no, null, "not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        // Missing or mistyped fields are reported by the second pass, with the field's name.
        return new String[]{input == null ? "" : input, score};
    }

    /** A 64-bit key of a prompt text (two independent 32-bit hashes), printed as hex. */
    static String inputKey(String input) {
        int fnv = 0x811c9dc5;
        for (int i = 0; i < input.length(); i++) {
            fnv = (fnv ^ input.charAt(i)) * 0x01000193;
        }
        return String.format("%08x%08x", input.hashCode(), fnv);
    }

    private static Trajectory toTrajectory(JsonRecord r, String run, int fileStep, String groupKey, int sample,
                                           double groupAdvantage, TextPieces pieces) throws TrajectoryFormatException {
        String input = r.text("input");
        String output = r.text("output");
        double score = r.number("score");
        int step = r.has("step") ? r.integer("step") : fileStep;
        Map<String, Double> components = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = r.node().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!KNOWN_KEYS.contains(e.getKey()) && (v.isNumber() || v.isBoolean())) {
                components.put(e.getKey(), r.numberValue(v, e.getKey()));
            }
        }
        double advantage = r.has("advantage") ? r.number("advantage") : groupAdvantage;
        TokenSequenceBuilder b = new TokenSequenceBuilder(pieces);
        b.append(input, Role.PROMPT, 0f);
        b.advantage((float) advantage);
        b.appendTagged(output, Role.OTHER_MODEL, TokenSequenceBuilder.MODEL_TOKENS_ONLY, 1f);
        Double acc = components.get("acc");
        // verl's rule-based scorers give 1 for a correct answer and at most a small format score otherwise.
        boolean correct = acc != null ? acc >= 0.5 : score >= 1.0;
        return new Trajectory(0, run, step, groupKey, groupKey, sample, "verl", groundTruth(r.node().get("gts")),
                b.finalAnswer(), score, components, correct, b.cutInsideTag() ? FinishReason.LENGTH : FinishReason.STOP,
                b.toolCalls(), true, List.of(), b.build());
    }

    private static String groundTruth(JsonNode gts) {
        if (gts == null || gts.isNull()) {
            return "";
        }
        return gts.isTextual() ? gts.asText() : gts.toString();
    }
}
