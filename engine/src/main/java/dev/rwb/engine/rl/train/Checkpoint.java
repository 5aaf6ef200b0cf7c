package dev.rwb.engine.rl.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.model.Gpt;
import dev.rwb.engine.model.GptConfig;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.TaskTokenizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training checkpoint as a directory: the GPT's shape ({@code gpt.json}), vocabulary
 * ({@code vocab.json}), parameters ({@code model.params}), optimizer moments
 * ({@code optimizer.bin}, optional) and the trainer's resumable state ({@code state.json}).
 * It is written to a temporary sibling and renamed into place, so a kill never leaves a half
 * checkpoint under the final name.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** Writes a checkpoint to {@code dir} (replacing it). */
    public static void save(Path dir, GptPolicy policy, AdamW optimizer, Map<String, Object> state) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        JSON.writeValue(tmp.resolve("gpt.json").toFile(), policy.model().config());
        JSON.writeValue(tmp.resolve("vocab.json").toFile(), policy.tokenizer().vocabulary());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(tmp.resolve("model.params"))))) {
            policy.model().saveParameters(out);
        }
        if (optimizer != null) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp.resolve("optimizer.bin"))))) {
                optimizer.save(out);
            }
        }
        JSON.writeValue(tmp.resolve("state.json").toFile(), state == null ? Map.of() : state);
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads the policy of a checkpoint onto {@code device}. */
    public static GptPolicy loadPolicy(Path dir, Device device) throws IOException {
        requireCheckpoint(dir);
        GptConfig config = JSON.readValue(dir.resolve("gpt.json").toFile(), GptConfig.class);
        List<String> vocab = JSON.readValue(dir.resolve("vocab.json").toFile(), new TypeReference<List<String>>() { });
        GptPolicy policy = GptPolicy.create(config, TaskTokenizer.fromVocabulary(vocab), device);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("model.params"))))) {
            NDManager m = policy.manager();
            Gpt model = policy.model();
            model.loadParameters(m, in);
        } catch (MalformedModelException e) {
            policy.close();
            throw new IOException("checkpoint " + dir + " has parameters that do not fit its gpt.json: " + e.getMessage(), e);
        }
        return policy;
    }

    /** Restores the optimizer moments, when the checkpoint has them. */
    public static boolean loadOptimizer(Path dir, AdamW optimizer) throws IOException {
        Path file = dir.resolve("optimizer.bin");
        if (!Files.exists(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            optimizer.load(in);
        }
        return true;
    }

    /** The trainer state written with the checkpoint. */
    public static Map<String, Object> loadState(Path dir) throws IOException {
        Path file = dir.resolve("state.json");
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static void requireCheckpoint(Path dir) throws IOException {
        for (String f : List.of("gpt.json", "vocab.json", "model.params")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException("not a checkpoint: " + dir + " has no " + f);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
