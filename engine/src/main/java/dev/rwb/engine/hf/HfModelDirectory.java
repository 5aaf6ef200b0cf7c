package dev.rwb.engine.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A model directory in Hugging Face layout: {@code config.json}, weights in {@code model.safetensors}
 * or in shards listed by {@code model.safetensors.index.json}, tokenizer files, optional
 * {@code generation_config.json}. {@link #resolve} also accepts a hub id ({@code Qwen/Qwen2.5-0.5B-Instruct})
 * and finds its snapshot in the local Hugging Face cache, offline.
 */
public final class HfModelDirectory {
    /** Files copied next to saved weights so the saved directory is a complete model again. */
    public static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja",
            "chat_template.json", "generation_config.json");
    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private HfModelDirectory(Path dir) {
        this.dir = dir;
    }

    /** The directory itself (no resolution). */
    public static HfModelDirectory of(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new HfModelException(dir + ": not a directory");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new HfModelException(dir + ": no config.json (not a Hugging Face model directory)");
        }
        return new HfModelDirectory(dir);
    }

    /**
     * A folder path, or a hub id {@code owner/name} (optionally {@code owner/name@revision}) looked
     * up in the Hugging Face cache of this environment (see {@link HfCache#root}).
     */
    public static HfModelDirectory resolve(String spec) {
        return resolve(spec, System.getenv());
    }

    /** As {@link #resolve(String)} with an explicit environment (for tests). */
    public static HfModelDirectory resolve(String spec, Map<String, String> env) {
        Path asPath = Path.of(spec);
        if (Files.isDirectory(asPath)) {
            return of(asPath);
        }
        if (!spec.matches("[A-Za-z0-9][\\w.-]*/[\\w.-]+(@[\\w.-]+)?")) {
            throw new HfModelException(spec + ": no such directory, and not a hub id such as Qwen/Qwen2.5-0.5B-Instruct");
        }
        String id = spec;
        String revision = "main";
        int at = spec.indexOf('@');
        if (at > 0) {
            id = spec.substring(0, at);
            revision = spec.substring(at + 1);
        }
        Path cache = HfCache.root(env);
        Path repo = cache.resolve(HfCache.repoFolder(id));
        if (!Files.isDirectory(repo)) {
            throw new HfModelException(spec + ": not in the Hugging Face cache (looked for " + repo
                    + "; nothing is downloaded at run time: fetch it once with `huggingface-cli download " + id + "`)");
        }
        return of(HfCache.snapshot(repo, revision, spec));
    }

    public Path path() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    /** generation_config.json if present. */
    public Path generationConfig() {
        Path p = dir.resolve("generation_config.json");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Which file holds each tensor: from the index when there is one, else one entry per file with an
     * empty map meaning "every tensor of that file" (model.safetensors, or all *.safetensors).
     */
    public Map<String, String> weightMap() {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode root;
            try {
                root = JSON.readTree(Files.readString(index));
            } catch (IOException e) {
                throw new HfModelException(index + ": cannot read: " + e.getMessage(), e);
            }
            JsonNode map = root == null ? null : root.get("weight_map");
            if (map == null || !map.isObject()) {
                throw new HfModelException(index + ": no \"weight_map\" object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            for (String file : new TreeSet<>(out.values())) {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    throw new HfModelException(index + ": names shard " + file + ", which is not in " + dir);
                }
            }
            return out;
        }
        return Collections.emptyMap();
    }

    /** The safetensors files: the index's shards, else model.safetensors, else every *.safetensors. */
    public List<Path> weightFiles() {
        Map<String, String> map = weightMap();
        if (!map.isEmpty()) {
            return new TreeSet<>(map.values()).stream().map(dir::resolve).toList();
        }
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".safetensors")
                    && !p.getFileName().toString().startsWith("adapter_")).sorted().forEach(all::add);
        } catch (IOException e) {
            throw new HfModelException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new HfModelException(dir + ": no *.safetensors weights (pytorch_model.bin is not supported)");
        }
        return all;
    }

    /** Total bytes of the weight files. */
    public long weightBytes() {
        long total = 0;
        for (Path p : weightFiles()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                throw new HfModelException(p + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
