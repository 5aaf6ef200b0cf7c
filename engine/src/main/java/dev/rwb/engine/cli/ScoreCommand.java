package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelException;
import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.score.TrajectoryRescoring;
import dev.rwb.engine.store.StoreException;
import dev.rwb.engine.store.TrajectoryPage;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TokenArrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rwb score --model DIR (--text-file F | --ids-file F | --trajectory ID… | --trajectories-file F | --run NAME)
 * [--db DB] [--as-reference] [--progress] --json}: the log-probability of every token given the ones
 * before it (null for the first) and the entropy of the distribution it was drawn from, in float32.
 * Text is tokenised with the model's own tokenizer.json. Stored trajectories get the scores written
 * into the DB, one transaction each: their logprob and entropy, or with {@code --as-reference} their
 * ref_logprob; {@code --progress} then prints the trainer's progress protocol (start, one step per
 * trajectory, end) instead of the scores, for the GUI. Exit codes: 0 done, 1 a trajectory could not
 * be scored, 2 bad input or model.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Per-token log-probabilities and entropies under a Hugging Face model: of a text, of token ids, "
                + "or of stored trajectories (written into the DB as logprob/entropy or, as the reference, ref_logprob).")
public final class ScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelOption modelOption;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** What to score: exactly one of these. */
    static final class Input {
        @Option(names = "--ids-file", paramLabel = "F",
                description = "Token ids: a JSON array, or ids separated by spaces/commas/newlines.")
        Path idsFile;

        @Option(names = "--text-file", paramLabel = "F", description = "UTF-8 text, tokenised with the model's tokenizer.json.")
        Path textFile;

        @Option(names = "--trajectory", paramLabel = "ID", description = "A stored trajectory's id (repeatable).")
        List<Long> trajectories;

        @Option(names = "--trajectories-file", paramLabel = "F", description = "Stored trajectory ids, one per line.")
        Path trajectoriesFile;

        @Option(names = "--run", paramLabel = "NAME", description = "Every stored trajectory of this run.")
        String run;
    }

    @Mixin
    DbOption db;

    @Option(names = "--as-reference",
            description = "Store the scores as the trajectories' ref_logprob (the reference model), not logprob/entropy.")
    boolean asReference;

    @Option(names = "--progress",
            description = "With stored trajectories: print start/step/end progress events instead of the scores.")
    boolean progress;

    @Option(names = "--json", description = "Print one JSON object per scored sequence (the default output is a table).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int[] ids = null;
        String text = null;
        List<Long> stored = null;
        try {
            // Read the input before loading the model, so a bad file fails fast.
            if (input.idsFile != null) {
                ids = IdsFile.read(input.idsFile);
            } else if (input.textFile != null) {
                text = Files.readString(input.textFile);
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(input.textFile + ": empty text, nothing to score");
                }
            } else if (input.run == null) {
                stored = trajectoryIds();
            }
        } catch (NoSuchFileException e) {
            System.err.println("rwb score: " + e.getFile() + ": no such file");
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("rwb score: " + e.getMessage());
            return 2;
        }
        if (input.run != null) {
            try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
                stored = runTrajectories(store, input.run);
            } catch (IllegalArgumentException | StoreException e) {
                System.err.println("rwb score: " + e.getMessage());
                return 2;
            }
        }
        try (HfModel model = modelOption.load()) {
            if (stored != null) {
                return scoreStored(model, stored);
            }
            if (ids != null) {
                print(model.score(ids), tokens(model, ids));
                return 0;
            }
            try (HfTokenizer tok = tokenizer(model)) {
                List<Integer> split = new ArrayList<>();
                List<String> pieces = new ArrayList<>();
                tok.split(text, (id, piece) -> {
                    split.add(id);
                    pieces.add(piece);
                });
                print(model.score(split.stream().mapToInt(Integer::intValue).toArray()), pieces.toArray(String[]::new));
            }
            return 0;
        } catch (HfModelException | IllegalArgumentException | IOException e) {
            System.err.println("rwb score: " + e.getMessage());
            if (progress) {
                System.out.println(end("failed", 0, stored == null ? 0 : stored.size(), e.getMessage()));
            }
            return 2;
        }
    }

    /** Scores stored trajectories and writes the results; stops at the first that fails (the ones before keep theirs). */
    private int scoreStored(HfModel model, List<Long> ids) throws IOException {
        try (HfTokenizer tok = tokenizer(model); WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
            TrajectoryRescoring rescoring = new TrajectoryRescoring(model::score, tok);
            if (progress) {
                System.out.println(JSON.createObjectNode().put("event", "start").put("steps", ids.size())
                        .put("run", "score"));
            }
            int done = 0;
            for (long id : ids) {
                TrajectoryRescoring.Result r;
                try {
                    r = rescoring.rescore(store, id, asReference);
                } catch (StoreException | IllegalArgumentException | HfModelException e) {
                    String why = "trajectory " + id + ": " + e.getMessage() + " (" + done + " of " + ids.size()
                            + " scored before it)";
                    System.err.println("rwb score: " + why);
                    if (progress) {
                        System.out.println(end("failed", done, ids.size(), why));
                    }
                    return 1;
                }
                done++;
                if (progress) {
                    ObjectNode step = JSON.createObjectNode().put("event", "step").put("step", done)
                            .put("steps", ids.size()).put("trajectory", id).put("tokens", r.tokens())
                            .put("exact_ids", r.exactIds());
                    if (Double.isFinite(r.meanLogprob())) {
                        step.putObject("metrics").put("mean_logprob", r.meanLogprob());
                    }
                    System.out.println(step);
                } else {
                    TokenArrays tokens = store.load(id).tokens();
                    SequenceScores aligned = new SequenceScores(tokens.tokenIds(), r.scores().logprob(), r.scores().entropy());
                    ObjectNode o = JSON.createObjectNode().put("trajectory", id)
                            .put("field", asReference ? "ref_logprob" : "logprob")
                            .put("exact_ids", r.exactIds());
                    o.setAll(scoresJson(aligned, tokens.tokenText()));
                    printNode(o, aligned, tokens.tokenText());
                }
                System.err.println("rwb score: trajectory " + id + ": " + r.tokens() + " tokens, "
                        + (asReference ? "ref_logprob" : "logprob and entropy") + " written"
                        + (r.exactIds() ? "" : " (re-tokenised with the model's tokenizer; summed over its tokens)"));
            }
            if (progress) {
                System.out.println(end("finished", done, ids.size(), null));
            }
            return 0;
        }
    }

    private static ObjectNode end(String outcome, int done, int total, String message) {
        ObjectNode o = JSON.createObjectNode().put("event", "end").put("outcome", outcome).put("done", done)
                .put("steps", total);
        if (message != null) {
            o.put("message", message);
        }
        return o;
    }

    /** Ids of every trajectory of a run, in id order. */
    private static List<Long> runTrajectories(WorkbenchStore store, String run) {
        if (store.findRun(run).isEmpty()) {
            throw new IllegalArgumentException("no run '" + run + "' in " + store.file());
        }
        List<Long> ids = new ArrayList<>();
        int page = 1000;
        for (int offset = 0; ; offset += page) {
            TrajectoryPage p = store.query(TrajectoryQuery.builder().run(run).page(offset, page).build());
            p.rows().forEach(r -> ids.add(r.id()));
            if (p.rows().size() < page) {
                break;
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("run '" + run + "' has no trajectories");
        }
        ids.sort(null);
        return ids;
    }

    private List<Long> trajectoryIds() throws IOException {
        if (input.trajectories != null) {
            return input.trajectories;
        }
        List<Long> ids = new ArrayList<>();
        List<String> lines = Files.readAllLines(input.trajectoriesFile);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(line));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(input.trajectoriesFile + " line " + (i + 1)
                        + ": not a trajectory id: '" + line + "'");
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(input.trajectoriesFile + ": no trajectory ids");
        }
        return ids;
    }

    /** The model folder's tokenizer (tokenizer.json with tokenizer_config.json / generation_config.json). */
    private static HfTokenizer tokenizer(HfModel model) throws IOException {
        Path dir = model.source().path();
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IOException(dir + ": no tokenizer.json, so text and stored trajectories cannot be tokenised "
                    + "(token ids can still be scored with --ids-file)");
        }
        return HfTokenizer.loadModel(dir);
    }

    /** Each token's text through the model's tokenizer.json, or null when the folder has none. */
    static String[] tokens(HfModel model, int[] ids) throws IOException {
        Path tokenizer = model.source().path().resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            return null;
        }
        try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
            String[] out = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = tok.decodeToken(ids[i]);
            }
            return out;
        }
    }

    private void print(SequenceScores s, String[] tokens) throws IOException {
        printNode(scoresJson(s, tokens), s, tokens);
    }

    private void printNode(ObjectNode o, SequenceScores s, String[] tokens) throws IOException {
        if (json) {
            System.out.println(JSON.writeValueAsString(o));
            return;
        }
        for (int t = 0; t < s.tokenIds().length; t++) {
            System.out.printf("%6d %8d %-20s %10.5f %8.4f%n", t, s.tokenIds()[t], tokens == null ? "" : tokens[t],
                    s.logprob()[t], s.entropy()[t]);
        }
    }

    private static ObjectNode scoresJson(SequenceScores s, String[] tokens) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ids = out.putArray("token_ids");
        for (int id : s.tokenIds()) {
            ids.add(id);
        }
        if (tokens == null) {
            out.putNull("tokens");
        } else {
            ArrayNode t = out.putArray("tokens");
            for (String token : tokens) {
                t.add(token);
            }
        }
        floats(out.putArray("logprob"), s.logprob());
        floats(out.putArray("entropy"), s.entropy());
        return out;
    }

    /** float32 values, NaN (no prefix) as null. */
    static void floats(ArrayNode into, float[] values) {
        for (float v : values) {
            if (Float.isNaN(v)) {
                into.addNull();
            } else {
                into.add(v);
            }
        }
    }
}
