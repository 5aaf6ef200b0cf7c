package dev.rwb.app;

import dev.rwb.app.runs.ConfigPresets;
import dev.rwb.app.runs.WallTimeText;
import dev.rwb.engine.config.WallTimes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The preset the first-run guide launches: one named like a demo if the presets have one, else the
 * fastest task's ({@value #FALLBACK}), with its measured wall time when {@code wall-times.json} has it.
 */
final class DemoPreset {
    static final String FALLBACK = "arithmetic-grpo";

    private DemoPreset() {
    }

    static Optional<ConfigPresets.Preset> find(Path presets) {
        List<ConfigPresets.Preset> all = ConfigPresets.list(presets);
        return all.stream().filter(p -> p.file() != null && p.name().contains("demo")).findFirst()
                .or(() -> all.stream().filter(p -> p.name().equals(FALLBACK)).findFirst());
    }

    static Optional<String> name(Path presets) {
        return find(presets).map(ConfigPresets.Preset::name);
    }

    /** "the arithmetic-grpo preset in the Train tab (about 45 s on 2 cores)", or without the time when none was measured. */
    static String describe(Path presets) {
        Optional<ConfigPresets.Preset> p = find(presets);
        if (p.isEmpty()) {
            return "the Train tab, with a preset of your choice";
        }
        String time;
        try {
            time = WallTimes.read(presets).of(p.get().file().getFileName().toString())
                    .map(w -> " (" + WallTimeText.of(w) + " on 2 cores)").orElse("");
        } catch (IOException e) {
            time = "";
        }
        return "the " + p.get().name() + " preset in the Train tab" + time;
    }
}
