package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.Role;

import java.util.Iterator;
import java.util.Map;

/** Turns the {@code mask} section of a run configuration into the engine's {@link MaskPolicy}, as the trainer does. */
public final class MaskPolicies {
    private MaskPolicies() {
    }

    /**
     * A preset (search_r1, no_masking, answer_only) or custom; explicit per-role weights override
     * the preset's; an entropy top fraction of 0 means no filter.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public static MaskPolicy fromConfig(JsonNode mask) {
        String preset = mask.path("preset").asText("search_r1");
        MaskPolicy.Builder b = preset.equals("custom") ? MaskPolicy.builder("custom").label("Custom")
                : MaskPolicy.preset(preset).toBuilder();
        JsonNode weights = mask.path("weights");
        if (weights.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = weights.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.weight(Role.parse(e.getKey()), (float) e.getValue().asDouble());
            }
        }
        double rho = mask.path("entropy_top_fraction").asDouble(0);
        if (rho > 0) {
            b.entropyTopFraction(rho);
        }
        return b.build();
    }
}
