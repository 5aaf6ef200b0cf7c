package dev.rwb.engine.interop.trl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ChatRenderer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.interop.TokenizerChoice;
import dev.rwb.engine.lint.ResponseLengthCheck;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * TRL GRPOTrainer's {@code log_completions}: {@code completions/completions_<step>.parquet} with
 * {@code step}, {@code prompt}, {@code completion}, one column per reward function (raw, before
 * weighting) and {@code advantage}; a {@code response_length} or {@code completion_length} column is the
 * stated length (kept for the response-length lint, not a reward). Text only: tokens are re-derived (flagged text-only), roles
 * come from the tags; the reward is the sum of the reward columns; completions of one prompt in
 * one step form a group. Row numbers stand in for line numbers in error messages.
 */
public final class TrlParquetImporter implements Importer {
    private static final Pattern FILE = Pattern.compile("completions_(\\d+)\\.parquet");
    private static final List<String> NOT_REWARDS = List.of("step", "advantage");
    /** Columns that state the completion's length in tokens: kept for the response-length lint, not summed. */
    private static final List<String> LENGTH_COLUMNS = List.of(ResponseLengthCheck.STATED_KEY, "completion_length");

    @Override
    public ImportFormat format() {
        return ImportFormat.TRL;
    }

    /** The {@code completions_<step>.parquet} files of a directory or its {@code completions/} folder. */
    public static List<Path> parquetFiles(Path dir) throws IOException {
        Path folder = Files.isDirectory(dir.resolve("completions")) ? dir.resolve("completions") : dir;
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b))).toList();
        }
    }

    private static long stepOf(Path p) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        List<Path> files = Files.isDirectory(source) ? parquetFiles(source) : List.of(source);
        if (files.isEmpty()) {
            throw new TrajectoryFormatException(source.toString(), 0, null, "no completions_<step>.parquet files");
        }
        Path base = Files.isDirectory(source) ? source.toAbsolutePath() : source.toAbsolutePath().getParent();
        if (base != null && base.getFileName() != null && base.getFileName().toString().equals("completions")) {
            base = base.getParent();
        }
        String run = options.runOr("trl-" + (base == null || base.getFileName() == null ? "run" : base.getFileName()));
        try (ParquetRows rows = new ParquetRows()) {
            TextPieces pieces = TokenizerChoice.pieces(options, options.tokenizer() != null ? List.of()
                    : sampleTexts(rows, files.get(0)));
            for (Path file : files) {
                readFile(rows, file, run, pieces, sink);
            }
        } catch (SQLException e) {
            throw new IOException("DuckDB failed: " + e.getMessage(), e);
        }
    }

    private static List<String> sampleTexts(ParquetRows rows, Path file) throws TrajectoryFormatException {
        List<String> texts = new ArrayList<>();
        try {
            Map<String, String> cols = rows.columns(file);
            rows.forEachRow(file, cols, (row, v) -> {
                texts.add(String.valueOf(v.get("prompt")));
                texts.add(String.valueOf(v.get("completion")));
                return row < TokenizerChoice.SAMPLE_RECORDS;
            });
        } catch (SQLException e) {
            // readFile reports an unreadable file with its name.
        }
        return texts;
    }

    private static void readFile(ParquetRows rows, Path file, String run, TextPieces pieces,
                                 Consumer<Trajectory> sink) throws TrajectoryFormatException {
        String name = file.getFileName().toString();
        Map<String, String> columns;
        try {
            columns = rows.columns(file);
        } catch (SQLException e) {
            throw new TrajectoryFormatException(name, 0, null, "not a readable Parquet file: "
                    + e.getMessage().split("\n")[0]);
        }
        for (String required : List.of("prompt", "completion")) {
            if (!columns.containsKey(required)) {
                throw new TrajectoryFormatException(name, 0, required, "missing column (found " + columns.keySet() + ")");
            }
        }
        List<String> rewardColumns = columns.entrySet().stream()
                .filter(c -> ParquetRows.numeric(c.getValue()) && !NOT_REWARDS.contains(c.getKey())
                        && !LENGTH_COLUMNS.contains(c.getKey()))
                .map(Map.Entry::getKey).toList();
        int fileStep = (int) Math.min(Integer.MAX_VALUE, stepOf(file));
        Map<String, Integer> samplesPerPrompt = new HashMap<>();
        try {
            rows.forEachRow(file, columns, (row, v) -> {
                sink.accept(toTrajectory(name, row, v, columns, rewardColumns, run, fileStep, samplesPerPrompt, pieces));
                return true;
            });
        } catch (SQLException e) {
            throw new TrajectoryFormatException(name, 0, null, "cannot read rows: " + e.getMessage().split("\n")[0]);
        }
    }

    private static Trajectory toTrajectory(String name, int row, Map<String, Object> v, Map<String, String> columns,
                                           List<String> rewardColumns, String run, int fileStep,
                                           Map<String, Integer> samplesPerPrompt, TextPieces pieces)
            throws TrajectoryFormatException {
        Object prompt = v.get("prompt");
        Object completion = v.get("completion");
        if (prompt == null) {
            throw new TrajectoryFormatException(name, row, "prompt", "is null");
        }
        if (completion == null) {
            throw new TrajectoryFormatException(name, row, "completion", "is null");
        }
        int step = fileStep;
        if (v.get("step") != null) {
            if (!(v.get("step") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
                throw new TrajectoryFormatException(name, row, "step", "expected an integer step, found " + v.get("step"));
            }
            step = ((Number) v.get("step")).intValue();
        }
        Map<String, Double> components = new LinkedHashMap<>();
        double reward = 0;
        for (String c : rewardColumns) {
            Object x = v.get(c);
            double value = x == null ? Double.NaN : x instanceof Boolean b ? (b ? 1 : 0) : ((Number) x).doubleValue();
            components.put(c, value);
            reward += Double.isNaN(value) ? 0 : value;
        }
        for (String c : LENGTH_COLUMNS) {
            if (columns.containsKey(c) && v.get(c) != null) {
                if (!(v.get(c) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
                    throw new TrajectoryFormatException(name, row, c, "expected a token count, found " + v.get(c));
                }
                components.put(ResponseLengthCheck.STATED_KEY, n.doubleValue());
                break;
            }
        }
        Object adv = v.get("advantage");
        if (adv != null && !(adv instanceof Number)) {
            throw new TrajectoryFormatException(name, row, "advantage", "expected a number, found " + adv);
        }
        TokenSequenceBuilder tokens = new TokenSequenceBuilder(pieces);
        boolean conversational = !ParquetRows.plain(columns.get("prompt"));
        renderPrompt(tokens, prompt.toString(), conversational, name, row);
        tokens.advantage(adv == null ? Float.NaN : ((Number) adv).floatValue());
        renderCompletion(tokens, completion.toString(), !ParquetRows.plain(columns.get("completion")), name, row);
        String key = Integer.toHexString(prompt.toString().hashCode()) + Integer.toHexString(prompt.toString().length());
        int sample = samplesPerPrompt.merge(key, 1, Integer::sum) - 1;
        boolean correct = rewardColumns.isEmpty() ? false : reward >= 1.0;
        return new Trajectory(0, run, step, key, key, sample, "trl", "", tokens.finalAnswer(),
                rewardColumns.isEmpty() ? Double.NaN : reward, components, correct,
                tokens.cutInsideTag() ? FinishReason.LENGTH : FinishReason.STOP, tokens.toolCalls(), true, List.of(),
                tokens.build());
    }

    private static void renderPrompt(TokenSequenceBuilder tokens, String prompt, boolean conversational, String name,
                                     int row) throws TrajectoryFormatException {
        if (!conversational) {
            tokens.append(prompt, Role.PROMPT, 0f);
            return;
        }
        ChatRenderer chat = new ChatRenderer(tokens);
        for (JsonNode m : messages(prompt, name, row, "prompt")) {
            String role = m.path("role").asText("user");
            String content = m.path("content").asText("");
            switch (role) {
                case "system" -> chat.system(content);
                case "assistant" -> chat.assistant(content, 0f);
                case "tool" -> chat.tool(content);
                default -> chat.user(content);
            }
        }
    }

    private static void renderCompletion(TokenSequenceBuilder tokens, String completion, boolean conversational,
                                         String name, int row) throws TrajectoryFormatException {
        if (!conversational) {
            tokens.appendTagged(completion, Role.OTHER_MODEL, TokenSequenceBuilder.MODEL_TOKENS_ONLY, 1f);
            return;
        }
        ChatRenderer chat = new ChatRenderer(tokens);
        for (JsonNode m : messages(completion, name, row, "completion")) {
            String content = m.path("content").asText("");
            if (m.path("role").asText("assistant").equals("tool")) {
                chat.tool(content);
            } else {
                chat.assistant(content, 1f);
            }
        }
    }

    private static JsonNode messages(String json, String name, int row, String field) throws TrajectoryFormatException {
        try {
            JsonNode n = JsonLines.mapper().readTree(json);
            if (!n.isArray()) {
                throw new TrajectoryFormatException(name, row, field, "expected text or a list of messages");
            }
            return n;
        } catch (IOException e) {
            throw new TrajectoryFormatException(name, row, field, "not valid JSON: " + e.getMessage().split("\n")[0]);
        }
    }
}
