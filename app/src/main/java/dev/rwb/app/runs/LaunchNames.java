package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;

/**
 * Names for launched runs. Run names are unique in a DB, so launching a preset a second time
 * gets the preset's name with the first free suffix: {@code arithmetic-grpo-2}, {@code -3}, …
 */
public final class LaunchNames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LaunchNames() {
    }

    /** {@code base} when it is free, else {@code base-N} with the smallest free N ≥ 2. */
    public static String unique(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The config JSON with its top-level {@code name} replaced. */
    public static String withName(String configJson, String name) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(configJson);
        root.put("name", name);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
