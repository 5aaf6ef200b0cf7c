package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.recipe.TrainingRecipe;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code mask} section of a configuration being edited (possibly not yet valid as a
 * whole) and asks the engine's {@link TrainingRecipe} for its {@link MaskPolicy}, so the editor
 * shows exactly what the trainer will use.
 */
public final class MaskPolicies {
    private MaskPolicies() {
    }

    /**
     * The policy of a {@code mask} section: preset (default search_r1), optional per-role weights, entropy top fraction.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public static MaskPolicy fromConfig(JsonNode mask) {
        MaskPreset preset = MaskPreset.of(mask.path("preset").asText(MaskPreset.SEARCH_R1.key()));
        Map<String, Double> weights = null;
        JsonNode w = mask.path("weights");
        if (w.isObject()) {
            weights = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = w.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                weights.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return TrainingRecipe.maskPolicy(new RunConfig.Mask(preset, weights, mask.path("entropy_top_fraction").asDouble(0)));
    }
}
