package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The configuration fields whose values differ between two or more runs (all others are left out). */
public final class ConfigDiff {
    /** Shown where a run's configuration lacks the field. */
    public static final String MISSING = "—";

    /** One differing field: its dotted path and each run's value, in the runs' order. */
    public record Row(String path, List<String> values) {
    }

    private ConfigDiff() {
    }

    /**
     * @param configs run name → its configuration, in column order
     * @param ignored paths never reported (e.g. {@code name}, which always differs)
     */
    public static List<Row> of(Map<String, JsonNode> configs, Set<String> ignored) {
        Map<String, Map<String, String>> flat = new LinkedHashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        configs.forEach((run, cfg) -> {
            Map<String, String> f = JsonPaths.flatten(cfg);
            flat.put(run, f);
            paths.addAll(f.keySet());
        });
        List<Row> rows = new ArrayList<>();
        for (String path : paths) {
            if (ignored.contains(path)) {
                continue;
            }
            List<String> values = new ArrayList<>();
            flat.values().forEach(f -> values.add(f.getOrDefault(path, MISSING)));
            if (values.stream().distinct().count() > 1) {
                rows.add(new Row(path, List.copyOf(values)));
            }
        }
        return rows;
    }
}
