package dev.rwb.engine.rl.sampling;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracked success rate s_i of every training problem: correct samples over all samples seen
 * so far (0 for a problem never drawn, so unseen problems count as hard). Saved with checkpoints.
 */
public final class SuccessTracker {
    private final Map<String, int[]> counts = new HashMap<>();

    /** Records the outcomes of one group of samples of problem {@code id}. */
    public void record(String id, int correct, int samples) {
        int[] c = counts.computeIfAbsent(id, k -> new int[2]);
        c[0] += correct;
        c[1] += samples;
    }

    /** s_i ∈ [0, 1]. */
    public double successRate(String id) {
        int[] c = counts.get(id);
        return c == null || c[1] == 0 ? 0.0 : (double) c[0] / c[1];
    }

    /** JSON-friendly form: id → [correct, samples]. */
    public Map<String, List<Integer>> toMap() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), List.of(e.getValue()[0], e.getValue()[1])));
        return out;
    }

    /** Restores {@link #toMap()}'s form. */
    public static SuccessTracker fromMap(Map<String, ?> map) {
        SuccessTracker t = new SuccessTracker();
        if (map != null) {
            map.forEach((id, v) -> {
                List<?> pair = (List<?>) v;
                t.counts.put(id, new int[] {((Number) pair.get(0)).intValue(), ((Number) pair.get(1)).intValue()});
            });
        }
        return t;
    }
}
