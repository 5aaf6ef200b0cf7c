package dev.rwb.engine.store;

import dev.rwb.engine.simulate.BenchCorpus;
import dev.rwb.engine.store.TrajectoryQuery.SortField;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages read by seeking from a row (keyset paging) list exactly the rows that OFFSET pages list,
 * in every sort order and direction, through ties of the sort key and NULL rewards, forwards and
 * backwards.
 */
class KeysetPagingTest {
    private static final int PAGE = 9;

    /** 90 trajectories with many ties in every sort column, and a fifth of them without a reward. */
    private static WorkbenchStore filled(Path dir) {
        WorkbenchStore store = WorkbenchStore.open(dir.resolve("k.db"));
        BenchCorpus corpus = new BenchCorpus(6);
        List<Trajectory> ts = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Trajectory t = corpus.trajectory(i, 40 + i % 5);
            double reward = i % 5 == 0 ? Double.NaN : (i % 4) * 0.25;
            ts.add(new Trajectory(0, t.run(), i % 3, t.promptId(), t.groupId(), t.sampleIndex(), t.task(),
                    t.groundTruth(), t.finalAnswer(), reward, t.rewardComponents(), i % 4 == 3, t.finishReason(),
                    i % 4, false, List.of(), t.tokens()));
        }
        store.insertAll(ts);
        return store;
    }

    @Test
    void seekingForwardsAndBackwardsListsWhatOffsetsList(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir)) {
            List<TrajectoryQuery.Builder> filters = List.of(TrajectoryQuery.builder(),
                    TrajectoryQuery.builder().run("bench-1").toolCallRange(1, 2));
            for (TrajectoryQuery.Builder filter : filters) {
                for (SortField sort : SortField.values()) {
                    for (boolean ascending : new boolean[]{true, false}) {
                        String what = filter.build() + " by " + sort + (ascending ? " asc" : " desc");
                        List<TrajectorySummary> all = store.query(filter.sort(sort, ascending).page(0, 10_000).build()).rows();
                        assertFalse(all.isEmpty(), what);

                        List<List<TrajectorySummary>> pages = new ArrayList<>();
                        TrajectoryRows page = store.rows(filter.sort(sort, ascending).page(0, PAGE).build());
                        pages.add(page.rows());
                        while (page.hasMore()) {
                            List<TrajectorySummary> shown = page.rows();
                            page = store.rows(filter.sort(sort, ascending).pageAfter(shown.get(shown.size() - 1), PAGE).build());
                            assertEquals(offsetPage(store, filter, sort, ascending, pages.size() * PAGE), page.rows(), what);
                            pages.add(page.rows());
                        }
                        assertEquals(all, pages.stream().flatMap(List::stream).toList(), what + ": forwards");

                        // back from the last page to the first, each page equal to the one seen going forwards
                        for (int k = pages.size() - 1; k > 0; k--) {
                            TrajectoryRows before = store.rows(filter.sort(sort, ascending)
                                    .pageBefore(pages.get(k).get(0), PAGE).build());
                            assertEquals(pages.get(k - 1), before.rows(), what + ": page " + k + " backwards");
                            assertEquals(k > 1, before.hasMore(), what + ": rows precede page " + (k - 1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCountingQuerySeeksToo(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir)) {
            TrajectoryQuery.Builder b = TrajectoryQuery.builder().sort(SortField.REWARD, false);
            List<TrajectorySummary> first = store.query(b.page(0, PAGE).build()).rows();
            TrajectoryPage second = store.query(b.pageAfter(first.get(PAGE - 1), PAGE).build());
            assertEquals(offsetPage(store, TrajectoryQuery.builder(), SortField.REWARD, false, PAGE), second.rows());
            assertEquals(90, second.total());
        }
    }

    @Test
    void aPageEitherSeeksOrHasAnOffsetAndAGivenIdOrderCannotSeek(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir)) {
            TrajectorySummary row = store.rows(TrajectoryQuery.builder().page(0, 1).build()).rows().get(0);
            TrajectoryQuery seeking = TrajectoryQuery.builder().pageAfter(row, 10).build();
            assertEquals(0, seeking.offset());
            assertTrue(seeking.seekable());
            assertEquals(null, TrajectoryQuery.builder().pageAfter(row, 10).page(20, 10).build().seek(),
                    "an offset replaces the seek");
            assertThrows(IllegalArgumentException.class, () -> seeking.toBuilder().build().toBuilder()
                    .ids(List.of(3L, 1L)).sort(SortField.GIVEN_ORDER, true).build());
            assertFalse(TrajectoryQuery.builder().ids(List.of(3L, 1L)).sort(SortField.GIVEN_ORDER, true).build().seekable());
            assertThrows(IllegalArgumentException.class, () -> new TrajectoryQuery(null, null, null, null, null, null,
                    null, null, null, null, null, SortField.ID, true, 5, 10, null, null, null,
                    new TrajectoryQuery.Seek(row, false)));
        }
    }

    private static List<TrajectorySummary> offsetPage(WorkbenchStore store, TrajectoryQuery.Builder filter, SortField sort,
                                                      boolean ascending, int offset) {
        return store.rows(filter.sort(sort, ascending).page(offset, PAGE).build()).rows();
    }
}
