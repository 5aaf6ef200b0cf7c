package dev.rwb.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run configurations a new user can start from: the engine's defaults plus every
 * {@code *.json} in the presets folder ({@code samples/configs}), sorted by name (not its
 * {@code wall-times.json}, which is the presets' expected wall times).
 */
public final class ConfigPresets {
    /** The name of the built-in preset (the engine's defaults). */
    public static final String DEFAULTS = "defaults";

    private ConfigPresets() {
    }

    /** A preset: its menu name and its file (null for the defaults). */
    public record Preset(String name, Path file) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Lists the presets; a missing or unreadable folder leaves only the defaults. */
    public static List<Preset> list(Path folder) {
        List<Preset> out = new ArrayList<>();
        out.add(new Preset(DEFAULTS, null));
        if (folder == null || !Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(dev.rwb.engine.config.WallTimes::isRunConfig).sorted()
                    .forEach(f -> out.add(new Preset(f.getFileName().toString().replaceFirst("\\.json$", ""), f)));
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
