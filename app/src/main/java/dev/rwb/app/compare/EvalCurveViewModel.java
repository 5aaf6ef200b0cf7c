package dev.rwb.app.compare;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.eval.Estimate;
import dev.rwb.engine.eval.EvalMetrics;
import dev.rwb.engine.eval.ProblemSamples;
import dev.rwb.engine.eval.StoredGroups;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The eval curve of a run from its stored groups: per step, pass@k (unbiased), pass^k, maj@k and
 * mean@k with bootstrap 95% intervals ({@link EvalMetrics}, the numbers of {@code rwb eval --run}).
 */
public final class EvalCurveViewModel {
    /** Bootstrap resamples per step (the command line's default is 1000; a curve of many steps uses fewer). */
    static final int RESAMPLES = 300;

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ReadOnlyObjectWrapper<Curves> curves = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a run with groups.");

    /**
     * The curves of one run.
     *
     * @param run the run
     * @param k the k of every metric (the smallest group size unless asked for less)
     * @param steps the steps with groups
     * @param metrics per metric name ({@code pass@4}, …), one estimate per step
     */
    public record Curves(String run, int k, double[] steps, Map<String, List<Estimate>> metrics) {
    }

    public EvalCurveViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Computes the curves of a run at {@code k} (null: the smallest group size of each step's groups, min over steps). */
    public void load(String run, Integer k) {
        if (run == null) {
            return;
        }
        tasks.run(() -> compute(run, k), c -> {
            curves.set(c);
            status.set(c.steps().length == 0 ? run + ": no step has groups of two or more samples"
                    : run + ": k = " + c.k() + " over " + c.steps().length + " steps; " + lastStep(c));
        }, e -> status.set("Cannot compute the eval curve: " + e.getMessage()));
    }

    private Curves compute(String run, Integer k) {
        TreeSet<Integer> steps = new TreeSet<>();
        for (TrajectorySummary s : store.query(TrajectoryQuery.builder().run(run).page(0, 100_000).build()).rows()) {
            steps.add(s.step());
        }
        Map<Integer, List<ProblemSamples>> byStep = new LinkedHashMap<>();
        int smallest = Integer.MAX_VALUE;
        for (int step : steps) {
            List<ProblemSamples> p = StoredGroups.problems(store, run, step);
            int g = StoredGroups.smallestGroup(p);
            if (!p.isEmpty() && g >= 2) {
                byStep.put(step, p);
                smallest = Math.min(smallest, g);
            }
        }
        int kk = k != null ? k : smallest == Integer.MAX_VALUE ? 1 : smallest;
        Map<String, List<Estimate>> metrics = new LinkedHashMap<>();
        List<Double> xs = new ArrayList<>();
        EvalMetrics eval = EvalMetrics.builder(kk).optResamples(RESAMPLES).build();
        for (Map.Entry<Integer, List<ProblemSamples>> e : byStep.entrySet()) {
            if (StoredGroups.smallestGroup(e.getValue()) < kk) {
                continue; // a step whose groups are smaller than k has no pass@k
            }
            xs.add((double) e.getKey());
            eval.compute(e.getValue()).forEach((name, est) -> metrics.computeIfAbsent(name, n -> new ArrayList<>()).add(est));
        }
        return new Curves(run, kk, xs.stream().mapToDouble(Double::doubleValue).toArray(), metrics);
    }

    private static String lastStep(Curves c) {
        StringBuilder sb = new StringBuilder("step " + (int) c.steps()[c.steps().length - 1] + ":");
        c.metrics().forEach((name, list) -> {
            Estimate e = list.get(list.size() - 1);
            sb.append(String.format(java.util.Locale.ROOT, "  %s %.3f [%.3f, %.3f]", name, e.value(), e.low(), e.high()));
        });
        return sb.toString();
    }

    public ReadOnlyObjectProperty<Curves> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
