package dev.rwb.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The expected wall time of each sample run config on 2 CPU cores, as measured and written down in
 * {@code samples/configs/wall-times.json}: {@code {"arithmetic-grpo.json": {"seconds": 95, "note":
 * "measured …, load ~N"}, …}}. It sits beside the configs but is not one: {@link #isRunConfig} tells
 * a folder listing which files are.
 */
public final class WallTimes {
    /** The file's name inside the presets folder. */
    public static final String FILE_NAME = "wall-times.json";

    /**
     * One preset's expected wall time.
     *
     * @param seconds the whole {@code rwb train} process, warm start included
     * @param note how it was measured (date, full run or extrapolated, the machine's load)
     */
    public record WallTime(long seconds, String note) {
    }

    private final Map<String, WallTime> byFile;

    private WallTimes(Map<String, WallTime> byFile) {
        this.byFile = byFile;
    }

    /** True for a run config in a presets folder: a {@code .json} file other than {@value #FILE_NAME}. */
    public static boolean isRunConfig(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.equals(FILE_NAME);
    }

    /**
     * Reads {@value #FILE_NAME} of a presets folder; a folder without one gives an empty table.
     *
     * @throws IOException when the file exists but is not an object of {seconds, note} objects
     */
    public static WallTimes read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        Map<String, WallTime> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return new WallTimes(out);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object keyed by config file name");
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode seconds = e.getValue().path("seconds");
            if (!seconds.canConvertToLong() || seconds.asLong() <= 0) {
                throw new IOException(file + ": '" + e.getKey() + ".seconds' must be a positive whole number");
            }
            out.put(e.getKey(), new WallTime(seconds.asLong(), e.getValue().path("note").asText("")));
        }
        return new WallTimes(out);
    }

    /** The expected wall time of a config file of the folder (by file name, e.g. {@code arithmetic-grpo.json}). */
    public Optional<WallTime> of(String configFileName) {
        return Optional.ofNullable(byFile.get(configFileName));
    }

    /** Every entry, in the file's order. */
    public Map<String, WallTime> all() {
        return java.util.Collections.unmodifiableMap(byFile);
    }
}
