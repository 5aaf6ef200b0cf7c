package dev.rwb.engine.eval;

import dev.rwb.engine.store.TrajectoryPage;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored run's groups (same step and group id) as problems with n samples each. Only judged samples
 * count: a sample without a reward has no verdict (an imported text-only dump, a step still being
 * scored), and counting it as wrong would bias every pass@k low; a group with none judged is left out.
 */
public final class StoredGroups {
    private static final int PAGE = 500;

    private StoredGroups() {
    }

    /** Every group of the run, optionally of one step only, in the order they were stored. */
    public static List<ProblemSamples> problems(WorkbenchStore store, String run, Integer step) {
        Map<String, List<TrajectorySummary>> groups = new LinkedHashMap<>();
        int offset = 0;
        while (true) {
            TrajectoryPage page = store.query(TrajectoryQuery.builder().run(run).stepRange(step, step)
                    .page(offset, PAGE).build());
            for (TrajectorySummary s : page.rows()) {
                String key = s.step() + "\u0000" + (s.groupId().isEmpty() ? s.promptId() : s.groupId());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
            offset += page.rows().size();
            if (page.rows().isEmpty() || offset >= page.total()) {
                break;
            }
        }
        List<ProblemSamples> out = new ArrayList<>();
        for (List<TrajectorySummary> g : groups.values()) {
            List<String> answers = new ArrayList<>();
            List<Boolean> correct = new ArrayList<>();
            for (TrajectorySummary s : g) {
                if (s.correctnessKnown()) {
                    answers.add(s.finalAnswer());
                    correct.add(s.correct());
                }
            }
            if (!correct.isEmpty()) {
                out.add(new ProblemSamples(g.get(0).promptId(), answers, correct));
            }
        }
        return out;
    }

    /** The smallest group size, the largest k every group supports. */
    public static int smallestGroup(List<ProblemSamples> problems) {
        return problems.stream().mapToInt(ProblemSamples::n).min().orElse(0);
    }
}
