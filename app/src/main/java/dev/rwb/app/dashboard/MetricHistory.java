package dev.rwb.app.dashboard;

import dev.rwb.engine.store.StepMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The step metrics of one run seen so far, per metric name, ordered by step. New batches from a
 * live poll replace values of steps already seen, so a step whose metrics were written in two
 * parts (training, then held-out evaluation) ends up complete.
 */
public final class MetricHistory {
    private final Map<String, NavigableMap<Integer, Double>> byName = new TreeMap<>();
    private int lastStep = Integer.MIN_VALUE;

    public void addAll(List<StepMetric> metrics) {
        for (StepMetric m : metrics) {
            byName.computeIfAbsent(m.name(), k -> new TreeMap<>()).put(m.step(), m.value());
            if (!isWarmStart(m.name())) {
                lastStep = Math.max(lastStep, m.step());
            }
        }
    }

    /** Whether a metric belongs to the warm start, whose steps are counted apart from the RL steps. */
    static boolean isWarmStart(String name) {
        return name.startsWith(MetricPoller.WARM_START_PREFIX);
    }

    /** The highest RL step seen (warm-start steps are not RL steps), or {@code Integer.MIN_VALUE} when none. */
    public int lastStep() {
        return lastStep;
    }

    /** How many distinct RL steps have at least one metric. */
    public int stepCount() {
        java.util.Set<Integer> steps = new java.util.HashSet<>();
        byName.forEach((name, m) -> {
            if (!isWarmStart(name)) {
                steps.addAll(m.keySet());
            }
        });
        return steps.size();
    }

    /** The highest warm-start step seen, or 0 when the run recorded no warm start. */
    public int lastWarmStartStep() {
        return byName.entrySet().stream().filter(e -> isWarmStart(e.getKey()) && !e.getValue().isEmpty())
                .mapToInt(e -> e.getValue().lastKey()).max().orElse(0);
    }

    /** Metric names, alphabetically. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Steps at which {@code name} was recorded with a finite value. */
    public double[] steps(String name) {
        return column(name, true);
    }

    /** The finite values of {@code name}, aligned with {@link #steps}. */
    public double[] values(String name) {
        return column(name, false);
    }

    private double[] column(String name, boolean steps) {
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : byName.getOrDefault(name, Collections.emptyNavigableMap()).entrySet()) {
            if (Double.isFinite(e.getValue())) {
                out.add(steps ? e.getKey() : e.getValue());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The first of {@code candidates} that was recorded, else the first name containing {@code fragment}, else null. */
    public String pick(List<String> candidates, String fragment) {
        for (String c : candidates) {
            if (has(c)) {
                return c;
            }
        }
        return byName.keySet().stream().filter(n -> n.contains(fragment)).findFirst().orElse(null);
    }
}
