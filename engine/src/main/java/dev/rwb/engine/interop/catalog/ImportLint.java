package dev.rwb.engine.interop.catalog;

import dev.rwb.engine.lint.LintContext;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.lint.Linter;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The import's lint, done while the trajectories pass through instead of reloading every one of them
 * from the DB afterwards ({@link RunLinter}, which costs about as much CPU as parsing them did). The
 * workers run the trajectory checks; the writer groups a small stand-in of each trajectory per step
 * and runs the group checks when a step ends; the findings are stored once the import commits. The
 * result is {@link RunLinter}'s: same checks, same context (a run this import created has no config:
 * {@link LintContext#UNKNOWN_RUN}), same groups (one step of one run). Where that cannot be promised,
 * a run that existed before or whose steps come back after another step, the run is linted by
 * {@link RunLinter} after the commit as before.
 */
final class ImportLint {
    private static final LintContext CONTEXT = LintContext.UNKNOWN_RUN;
    private static final Linter TRAJECTORY_CHECKS = Linter.builder().optGroupChecks(List.of()).build();
    private static final Linter GROUP_CHECKS = Linter.builder().optTrajectoryChecks(List.of()).build();

    /** What a worker found: the trajectory checks' findings (named by ordinal) and the group checks' stand-in. */
    record Checked(List<LintFinding> findings, Trajectory standIn) {
    }

    /** One run's lint so far. */
    private static final class RunLint {
        final List<LintFinding> findings = new ArrayList<>();
        final Set<Integer> closedSteps = new HashSet<>();
        final List<Trajectory> step = new ArrayList<>();
        boolean rerun;
    }

    private final WorkbenchStore store;
    private final Map<String, RunLint> runs = new LinkedHashMap<>();
    /** Database id by ordinal (the trajectory's place in the import, from 0), filled as chunks are stored. */
    private long[] ids = new long[1024];
    private int stored;

    ImportLint(WorkbenchStore store) {
        this.store = store;
    }

    /** On a worker: the trajectory checks of {@code t}, the {@code ordinal}-th trajectory of the import. */
    static Checked check(Trajectory t, long ordinal) {
        List<LintFinding> found = TRAJECTORY_CHECKS.lint(t, CONTEXT);
        List<LintFinding> named = found.isEmpty() ? List.of() : new ArrayList<>(found.size());
        for (LintFinding f : found) {
            named.add(f.withTrajectoryId(ordinal));
        }
        return new Checked(named, t.withTokens(groupTokens(t.tokens())).withId(ordinal));
    }

    /**
     * The tokens the group checks read, nothing else: the model-written tokens with a finite
     * advantage, of which only the first and those whose advantage differs from it (a sequence
     * advantage is the first one, unless another differs).
     */
    static TokenArrays groupTokens(TokenArrays a) {
        TokenArrays.Builder b = TokenArrays.builder();
        float first = Float.NaN;
        for (int i = 0; i < a.length(); i++) {
            float v = a.advantages()[i];
            if (!a.roles()[i].isModelWritten() || !Float.isFinite(v)) {
                continue;
            }
            if (b.size() == 0 || Float.compare(v, first) != 0) {
                if (b.size() == 0) {
                    first = v;
                }
                b.add(a.tokenIds()[i], "", a.roles()[i], a.turns()[i], a.lossWeights()[i], Float.NaN, Float.NaN,
                        Float.NaN, v, Float.NaN, false);
            }
        }
        return b.build();
    }

    /** On the writer, in source order: the {@code ordinal}-th trajectory's checks, before it is written. */
    void add(long ordinal, String run, int step, Checked checked) {
        RunLint r = runs.computeIfAbsent(run, k -> {
            RunLint fresh = new RunLint();
            // an existing run's other trajectories and config change its lint: leave it to RunLinter
            fresh.rerun = store.findRun(k).isPresent();
            return fresh;
        });
        if (r.rerun) {
            return;
        }
        if (!r.step.isEmpty() && r.step.get(0).step() != step) {
            closeStep(r);
        }
        if (r.closedSteps.contains(step)) {
            // RunLinter groups a whole step; this source came back to one already grouped
            r.rerun = true;
            r.step.clear();
            r.findings.clear();
            return;
        }
        r.findings.addAll(checked.findings());
        r.step.add(checked.standIn());
    }

    /** The ids of a stored chunk, in write order. */
    void stored(List<Long> chunkIds) {
        if (stored + chunkIds.size() > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, stored + chunkIds.size()));
        }
        for (long id : chunkIds) {
            ids[stored++] = id;
        }
    }

    /** After the commit: stores each run's findings (or lints it with {@link RunLinter}). */
    void finish() {
        for (Map.Entry<String, RunLint> e : runs.entrySet()) {
            RunLint r = e.getValue();
            boolean unknown = store.findRun(e.getKey()).map(RunLinter::context).map(CONTEXT::equals).orElse(false);
            if (r.rerun || !unknown) {
                RunLinter.standard().lint(store, e.getKey(), null);
                continue;
            }
            closeStep(r);
            List<LintFinding> out = new ArrayList<>(r.findings.size());
            for (LintFinding f : r.findings) {
                out.add(f.withTrajectoryId(ids[Math.toIntExact(f.trajectoryId())]));
            }
            store.replaceLints(e.getKey(), null, out);
        }
    }

    private static void closeStep(RunLint r) {
        if (r.step.isEmpty()) {
            return;
        }
        r.findings.addAll(GROUP_CHECKS.lintAll(r.step, CONTEXT));
        r.closedSteps.add(r.step.get(0).step());
        r.step.clear();
    }
}
