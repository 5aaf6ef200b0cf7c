package dev.rwb.engine.interop.primerl;

import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * prime-rl's token export ({@code token_export.py}, schema version 1):
 * {@code token_exports/step_N/rank_R.jsonl}, one JSON object per trained sequence with aligned
 * per-token arrays. Real token ids, masks, advantages and logprobs; token text only when a
 * tokenizer is given (else ids show as ⟨id⟩). A sequence whose {@code position_ids} restart at 0
 * holds several packed samples and becomes several trajectories.
 */
public final class PrimeRlImporter implements Importer {
    private static final Pattern RANK_FILE = Pattern.compile("rank_(\\d+)\\.jsonl");
    private static final Pattern STEP_DIR = Pattern.compile("step_(\\d+)");
    private static final int MAX_SCHEMA_VERSION = 1;

    @Override
    public ImportFormat format() {
        return ImportFormat.PRIME_RL;
    }

    /** The {@code step_N/rank_R.jsonl} files under a directory, by step then rank. */
    public static List<Path> rankFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 4)) {
            return s.filter(p -> RANK_FILE.matcher(p.getFileName().toString()).matches() && p.getParent() != null
                            && STEP_DIR.matcher(p.getParent().getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong((Path p) -> number(STEP_DIR, p.getParent()))
                            .thenComparingLong(p -> number(RANK_FILE, p)).thenComparing(Path::toString))
                    .toList();
        }
    }

    private static long number(Pattern pattern, Path p) {
        Matcher m = pattern.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        List<Path> files = Files.isDirectory(source) ? rankFiles(source) : List.of(source);
        if (files.isEmpty()) {
            throw new TrajectoryFormatException(source.toString(), 0, null,
                    "no token_exports/step_N/rank_R.jsonl files under this directory");
        }
        String fallbackRun = "prime-rl-" + runFolderName(source);
        Tokenizer tokenizer = options.tokenizer();
        int[] samples = {0};
        for (Path file : files) {
            String name = Files.isDirectory(source) ? source.relativize(file).toString() : file.getFileName().toString();
            JsonLines.forEachLineMetered(file, name, (line, no) -> {
                JsonRecord r = JsonLines.parse(line, name, no);
                for (Trajectory t : toTrajectories(r, options, fallbackRun, tokenizer, samples)) {
                    sink.accept(t);
                }
            });
        }
    }

    /** The folder above {@code token_exports} (the output dir or run id), for a default run name. */
    private static String runFolderName(Path source) {
        Path p = source.toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (q.getFileName() != null && q.getFileName().toString().equals("token_exports") && q.getParent() != null
                    && q.getParent().getFileName() != null) {
                return q.getParent().getFileName().toString();
            }
        }
        return p.getFileName() == null ? "export" : p.getFileName().toString();
    }

    private static List<Trajectory> toTrajectories(JsonRecord r, ImportOptions options, String fallbackRun,
                                                   Tokenizer tokenizer, int[] samples) throws TrajectoryFormatException {
        if (r.has("schema_version")) {
            int v = r.integer("schema_version");
            if (v > MAX_SCHEMA_VERSION) {
                throw r.error("schema_version", "version " + v + " is newer than this importer reads ("
                        + MAX_SCHEMA_VERSION + ")");
            }
        }
        int[] ids = TokenColumns.ints(r, "token_ids");
        TokenColumns columns = new TokenColumns(r, ids.length);
        PrimeRlSequence seq = new PrimeRlSequence(ids, columns.booleans("loss_mask", true),
                columns.floats("advantages"), columns.floats("inference_logprobs"), columns.floats("entropy"),
                columns.floats("rewards"), columns.booleans("is_masked", false), columns.floats("trainer_logprobs"),
                columns.floats("mismatch_kl"));
        int[] positions = columns.optInts("position_ids");
        String runId = r.optText("run_id");
        String run = options.runOr(runId != null && !runId.isBlank() ? runId : fallbackRun);
        String task = r.has("env_name") ? r.text("env_name") : "prime-rl";
        int step = r.integer("step");
        List<Trajectory> out = new ArrayList<>();
        List<int[]> parts = packedSamples(positions, ids.length);
        for (int k = 0; k < parts.size(); k++) {
            int[] range = parts.get(k);
            try {
                out.add(seq.slice(range[0], range[1]).toTrajectory(run, step, task, samples[0]++, tokenizer));
            } catch (IllegalArgumentException e) {
                throw r.error("token_ids", e.getMessage());
            }
        }
        return out;
    }

    /** [start, end) of each sample packed into the sequence: a new one wherever position_ids restarts at 0. */
    static List<int[]> packedSamples(int[] positions, int length) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        if (positions != null) {
            for (int i = 1; i < length; i++) {
                if (positions[i] == 0) {
                    out.add(new int[]{start, i});
                    start = i;
                }
            }
        }
        out.add(new int[]{start, length});
        return out;
    }
}
