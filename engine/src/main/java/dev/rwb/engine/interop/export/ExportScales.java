package dev.rwb.engine.interop.export;

import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.store.SignedRanges;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/** What a trajectory page's run and group scales need: the run's ranges from the store and the trajectory's group. */
public final class ExportScales {
    private ExportScales() {
    }

    /** The scale context of a stored trajectory. */
    public static ScaleContext of(WorkbenchStore store, Trajectory t) {
        SignedRanges run = store.signedRanges(t.run());
        List<Trajectory> group = new ArrayList<>();
        if (t.groupId().isEmpty()) {
            group.add(t);
        } else {
            for (TrajectorySummary m : store.group(t.run(), t.step(), t.groupId())) {
                group.add(m.id() == t.id() ? t : store.load(m.id()));
            }
        }
        return ScaleContext.of(t.run(), run.maxAbsAdvantage(), run.maxAbsContribution(), group);
    }
}
