package dev.rwb.engine.drivers;

import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trajectories of one step of a run ordered by what drives a metric (largest first, those
 * without a value last), and a histogram of the driver's values (per token or per trajectory)
 * whose bars know their trajectories, so a bar can filter the table to them.
 *
 * @param run the run
 * @param step the step
 * @param driver what was measured
 * @param ordered trajectory ids, largest driver value first
 * @param bars the histogram, low to high
 */
public record StepBreakdown(String run, int step, StepDriver driver, List<Long> ordered, List<Bar> bars) {
    /** Bars of the histogram. */
    public static final int BINS = 20;

    /**
     * One bar: values in {@code [from, to)} (the last bar includes {@code to}).
     *
     * @param count tokens (per-token drivers) or trajectories with a value in the bar
     * @param trajectories the trajectories with at least one value in the bar
     */
    public record Bar(double from, double to, int count, Set<Long> trajectories) {
        public Bar {
            trajectories = Set.copyOf(trajectories);
        }
    }

    public StepBreakdown {
        ordered = List.copyOf(ordered);
        bars = List.copyOf(bars);
    }

    /** Reads the step's trajectories from the store and measures them. */
    public static StepBreakdown of(WorkbenchStore store, String run, int step, StepDriver driver) {
        List<Trajectory> ts = new ArrayList<>();
        for (long id : store.trajectoryIds(run, step)) {
            ts.add(store.load(id));
        }
        return of(run, step, driver, ts);
    }

    /** Measures the given trajectories of one step. */
    public static StepBreakdown of(String run, int step, StepDriver driver, List<Trajectory> ts) {
        List<double[]> keyed = new ArrayList<>();
        for (Trajectory t : ts) {
            keyed.add(new double[]{t.id(), driver.of(t)});
        }
        keyed.sort(Comparator.comparingDouble((double[] k) -> Double.isNaN(k[1]) ? Double.NEGATIVE_INFINITY : k[1])
                .reversed());
        List<Long> ordered = keyed.stream().map(k -> (long) k[0]).toList();
        return new StepBreakdown(run, step, driver, ordered, histogram(driver, ts));
    }

    private static List<Bar> histogram(StepDriver driver, List<Trajectory> ts) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[]> values = new ArrayList<>(); // {trajectory id, value}
        for (Trajectory t : ts) {
            if (driver.perToken()) {
                driver.tokenValues(t, v -> values.add(new double[]{t.id(), v}));
            } else if (Double.isFinite(driver.of(t))) {
                values.add(new double[]{t.id(), driver.of(t)});
            }
        }
        for (double[] v : values) {
            lo = Math.min(lo, v[1]);
            hi = Math.max(hi, v[1]);
        }
        if (values.isEmpty()) {
            return List.of();
        }
        // equal values: one bar of width 1 around them
        double width = hi > lo ? (hi - lo) / BINS : 1;
        int bins = hi > lo ? BINS : 1;
        double start = hi > lo ? lo : lo - 0.5;
        int[] counts = new int[bins];
        List<Set<Long>> members = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            members.add(new LinkedHashSet<>());
        }
        for (double[] v : values) {
            int b = (int) Math.min(bins - 1, Math.floor((v[1] - start) / width));
            counts[b]++;
            members.get(b).add((long) v[0]);
        }
        List<Bar> bars = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            bars.add(new Bar(start + b * width, start + (b + 1) * width, counts[b], members.get(b)));
        }
        return bars;
    }
}
