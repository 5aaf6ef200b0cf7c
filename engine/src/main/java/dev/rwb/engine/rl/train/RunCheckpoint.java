package dev.rwb.engine.rl.train;

import ai.djl.Device;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.model.Checkpoint;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.GradientStep;

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
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resumable point of an RL run: the model checkpoint ({@link Checkpoint}'s files), the optimizer
 * state ({@code optimizer.bin}, optional) and the trainer's state ({@code state.json}: step,
 * sampler success counts). Written to a temporary sibling and renamed into place, so a kill never
 * leaves a half checkpoint under the final name. The directory is also a plain model checkpoint:
 * {@code model.checkpoint} in a run config may point at it.
 */
public final class RunCheckpoint {
    static final String OPTIMIZER = "optimizer.bin";
    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunCheckpoint() {
    }

    /** Writes a model's files into a folder (our GPT's checkpoint files, or a Hugging Face folder). */
    @FunctionalInterface
    public interface ModelWriter {
        void write(Path dir) throws IOException;
    }

    /** Writes policy, optimizer state (when given) and trainer state to {@code dir}, replacing it. */
    public static void save(Path dir, GptPolicy policy, GradientStep optimizer, Map<String, Object> state)
            throws IOException {
        save(dir, tmp -> Checkpoint.save(policy, tmp), optimizer, state);
    }

    /** As above for any model whose files {@code model} writes. */
    public static void save(Path dir, ModelWriter model, GradientStep optimizer, Map<String, Object> state)
            throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        model.write(tmp);
        if (optimizer != null) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp.resolve(OPTIMIZER))))) {
                optimizer.writeState(out);
            }
        }
        JSON.writeValue(tmp.resolve(STATE).toFile(), state == null ? Map.of() : state);
        deleteTree(dir);
        Files.createDirectories(dir.getParent());
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads the policy of a checkpoint (a run checkpoint or a plain model checkpoint) onto {@code device}. */
    public static GptPolicy loadPolicy(Path dir, Device device) {
        return Checkpoint.load(dir, device);
    }

    /** Restores the optimizer state, when the checkpoint has one; returns whether it had. */
    public static boolean loadOptimizer(Path dir, GradientStep optimizer) throws IOException {
        Path file = dir.resolve(OPTIMIZER);
        if (!Files.exists(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            optimizer.readState(in);
        }
        return true;
    }

    /** The trainer state written with the checkpoint (empty for a plain model checkpoint). */
    public static Map<String, Object> loadState(Path dir) throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
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
