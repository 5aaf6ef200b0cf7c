package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelException;
import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.interop.HfTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rwb score --model DIR --ids-file F --json}: the log-probability of every token given the ones
 * before it (null for the first) and the entropy of the distribution it was drawn from, in float32.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Per-token log-probabilities and entropies of a token sequence under a Hugging Face model.")
public final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOption modelOption;

    @Option(names = "--ids-file", required = true, paramLabel = "F",
            description = "Token ids: a JSON array, or ids separated by spaces/commas/newlines.")
    Path idsFile;

    @Option(names = "--json", description = "Print one JSON object (the default output is a table).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int[] ids;
        try {
            ids = IdsFile.read(idsFile);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("rwb score: " + e.getMessage());
            return 2;
        }
        try (HfModel model = modelOption.load()) {
            SequenceScores s = model.score(ids);
            String[] tokens = tokens(model, ids);
            if (json) {
                System.out.println(toJson(s, tokens));
            } else {
                for (int t = 0; t < ids.length; t++) {
                    System.out.printf("%6d %8d %-20s %10.5f %8.4f%n", t, ids[t], tokens == null ? "" : tokens[t],
                            s.logprob()[t], s.entropy()[t]);
                }
            }
            return 0;
        } catch (HfModelException | IllegalArgumentException e) {
            System.err.println("rwb score: " + e.getMessage());
            return 2;
        }
    }

    /** Each token's text through the model's tokenizer.json, or null when the folder has none. */
    static String[] tokens(HfModel model, int[] ids) throws java.io.IOException {
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

    static String toJson(SequenceScores s, String[] tokens) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
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
        return mapper.writeValueAsString(out);
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
