package dev.rwb.engine.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model checkpoint as a directory: {@code config.json} (the {@link GptConfig}),
 * {@code vocabulary.json} (the tokenizer's tokens in id order) and {@code parameters.bin}
 * (DJL's binary parameter format, which stores float32 arrays bit-exactly).
 */
public final class Checkpoint {
    public static final String CONFIG = "config.json";
    public static final String VOCABULARY = "vocabulary.json";
    public static final String PARAMETERS = "parameters.bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** Writes the policy's config, vocabulary and parameters into {@code dir} (created if needed). */
    public static void save(GptPolicy policy, Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), policy.model().config());
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(VOCABULARY).toFile(), policy.tokenizer().vocabulary());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
                policy.model().saveParameters(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Restores a policy saved by {@link #save} onto {@code device}; errors name the offending file. */
    public static GptPolicy load(Path dir, Device device) {
        GptConfig config = read(dir.resolve(CONFIG), new TypeReference<GptConfig>() { });
        List<String> vocabulary = read(dir.resolve(VOCABULARY), new TypeReference<List<String>>() { });
        TaskTokenizer tokenizer;
        try {
            tokenizer = TaskTokenizer.fromVocabulary(vocabulary);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(VOCABULARY) + ": " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager(device);
        Gpt model = new Gpt(config);
        Path parameters = dir.resolve(PARAMETERS);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(parameters)))) {
            model.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalArgumentException(parameters + ": cannot load parameters for " + config + ": " + e.getMessage(), e);
        }
        for (Parameter p : model.getParameters().values()) {
            // loaded arrays are plain tensors; training needs them to be autograd leaves again
            p.getArray().setRequiresGradient(true);
        }
        return GptPolicy.of(model, tokenizer, manager);
    }

    private static <T> T read(Path file, TypeReference<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint file missing: " + file);
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
