package dev.rwb.engine.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local Hugging Face hub cache, as huggingface_hub lays it out:
 * {@code <root>/models--<owner>--<name>/refs/<revision>} holds a commit hash and
 * {@code snapshots/<hash>/} the files. The root is {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub},
 * else {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
 */
public final class HfCache {
    /** One model in the cache. */
    public record Entry(String id, Path snapshot, String modelType, long weightBytes) {
    }

    private HfCache() {
    }

    /** The cache root for this environment. */
    public static Path root(Map<String, String> env) {
        if (nonEmpty(env.get("HF_HUB_CACHE"))) {
            return Path.of(env.get("HF_HUB_CACHE"));
        }
        if (nonEmpty(env.get("HF_HOME"))) {
            return Path.of(env.get("HF_HOME"), "hub");
        }
        if (nonEmpty(env.get("XDG_CACHE_HOME"))) {
            return Path.of(env.get("XDG_CACHE_HOME"), "huggingface", "hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    /** {@code Qwen/Qwen2.5-0.5B-Instruct} → {@code models--Qwen--Qwen2.5-0.5B-Instruct}. */
    public static String repoFolder(String id) {
        return "models--" + id.replace("/", "--");
    }

    /** The snapshot folder of {@code revision} (a ref such as main, or a commit hash). */
    static Path snapshot(Path repo, String revision, String spec) {
        Path ref = repo.resolve("refs").resolve(revision);
        String commit = revision;
        if (Files.isRegularFile(ref)) {
            try {
                commit = Files.readString(ref).trim();
            } catch (IOException e) {
                throw new HfModelException(ref + ": cannot read: " + e.getMessage(), e);
            }
        }
        Path snap = repo.resolve("snapshots").resolve(commit);
        if (Files.isDirectory(snap)) {
            return snap;
        }
        List<Path> all = snapshots(repo);
        if (revision.equals("main") && all.size() == 1) {
            return all.get(0);
        }
        throw new HfModelException(spec + ": revision " + revision + " has no snapshot under " + repo.resolve("snapshots")
                + (all.isEmpty() ? " (no snapshots at all)" : " (there are " + all.size() + "; name one as " + spec + "@<hash>)"));
    }

    private static List<Path> snapshots(Path repo) {
        List<Path> out = new ArrayList<>();
        Path dir = repo.resolve("snapshots");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new HfModelException(dir + ": cannot list: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The models in the cache that this project can load (a supported model_type in config.json),
     * each at its {@code main} snapshot, for pickers.
     */
    public static List<Entry> entries(Map<String, String> env) {
        Path root = root(env);
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> repos = Files.list(root)) {
            for (Path repo : repos.sorted().toList()) {
                String folder = repo.getFileName().toString();
                if (!folder.startsWith("models--")) {
                    continue;
                }
                String id = folder.substring("models--".length()).replaceFirst("--", "/");
                try {
                    HfModelDirectory dir = HfModelDirectory.resolve(id, env);
                    HfConfig config = HfConfig.read(dir.configFile());
                    out.add(new Entry(id, dir.path(), config.modelType(), dir.weightBytes()));
                } catch (HfModelException unsupportedOrIncomplete) {
                    // not a loadable model (a dataset, another architecture, a partial download): not listed
                }
            }
        } catch (IOException e) {
            throw new HfModelException(root + ": cannot list: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isBlank();
    }
}
