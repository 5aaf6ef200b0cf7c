package dev.rwb.app.inspector;

import dev.rwb.engine.eval.Estimate;
import dev.rwb.engine.eval.EvalMetrics;
import dev.rwb.engine.eval.ProblemSamples;
import dev.rwb.engine.eval.StoredGroups;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.TrajectoryPage;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The eval numbers the run list shows under a run: unbiased pass@k, pass^k, maj@k and mean@k of the
 * groups of its last step, k = that step's smallest group ({@link EvalMetrics}, the numbers of
 * {@code rwb eval --run RUN}). Their bootstrap 95% intervals are drawn by Compare → Eval curve; the
 * list has room for the values only.
 *
 * @param step the step the groups are of
 * @param groups how many groups (problems) it has
 * @param k the k of every metric
 * @param values the metrics by name ({@code pass@8}, {@code pass^8}, {@code maj@8}, {@code mean@8}), in that order
 */
public record RunEval(int step, int groups, int k, Map<String, Double> values) {
    /** The eval numbers of a run's last step, or empty when it has no groups of two or more samples. */
    static Optional<RunEval> of(WorkbenchStore store, RunSummary run) {
        if (run.trajectories() == 0 || !verdictsKnown(store, run)) {
            return Optional.empty();
        }
        List<ProblemSamples> problems = StoredGroups.problems(store, run.run().name(), run.maxStep());
        int k = StoredGroups.smallestGroup(problems);
        if (problems.isEmpty() || k < 2) {
            return Optional.empty();
        }
        // one resample: an estimate's value is the mean over problems, whatever the bootstrap draws
        Map<String, Estimate> metrics = EvalMetrics.builder(k).optResamples(1).build().compute(problems);
        Map<String, Double> values = metrics.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().value(), (a, b) -> a, java.util.LinkedHashMap::new));
        return Optional.of(new RunEval(run.maxStep(), problems.size(), k, values));
    }

    /**
     * Whether every trajectory of the run's last step has a known verdict: an unscored sample is not
     * a wrong one, so a step with any has no pass@k here (never "0.00" for "unknown").
     */
    private static boolean verdictsKnown(WorkbenchStore store, RunSummary run) {
        int page = 500;
        for (int offset = 0; ; offset += page) {
            TrajectoryPage p = store.query(TrajectoryQuery.builder().run(run.run().name())
                    .stepRange(run.maxStep(), run.maxStep()).page(offset, page).build());
            if (p.rows().stream().anyMatch(s -> !s.correctnessKnown())) {
                return false;
            }
            if (p.rows().size() < page) {
                return true;
            }
        }
    }

    /**
     * The list's two lines, "pass@8 0.94 · pass^8 0.25" and "maj@8 0.81 · mean@8 0.62" (one line of
     * four does not fit the runs pane's width).
     */
    public String lines() {
        List<String> each = values.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList();
        int half = (each.size() + 1) / 2;
        return String.join(" · ", each.subList(0, half)) + "\n" + String.join(" · ", each.subList(half, each.size()));
    }

    /** What the lines mean, for their tooltip. */
    public String detail() {
        return String.format(Locale.ROOT, "Step %d, %d groups of ≥ %d samples: %s.%nUnbiased pass@k = 1 − C(n−c, k)/C(n, k); "
                        + "pass^k: all k correct; maj@k: the majority answer of k is correct; mean@k: c/n.%n"
                        + "Their 95%% intervals: Compare → Eval curve.", step, groups, k,
                values.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s = %.3f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }
}
