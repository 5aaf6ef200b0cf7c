package dev.rwb.engine.store;

import dev.rwb.engine.simulate.BenchCorpus;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table's store calls: pages that read one row past their end, and capped or exact counts on their own connection. */
class PagingWithoutCountTest {

    private static WorkbenchStore filled(Path dir, int n) {
        WorkbenchStore store = WorkbenchStore.open(dir.resolve("p.db"));
        BenchCorpus corpus = new BenchCorpus(4);
        List<Trajectory> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(corpus.trajectory(i, 60));
        }
        store.insertAll(ts);
        return store;
    }

    @Test
    void pagesSayWhetherMoreFollowAndCountsAreCappedOrExact(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir, 450)) {
            TrajectoryRows first = store.rows(TrajectoryQuery.builder().page(0, 200).build());
            assertEquals(200, first.rows().size());
            assertTrue(first.hasMore());
            TrajectoryRows last = store.rows(TrajectoryQuery.builder().page(400, 200).build());
            assertEquals(50, last.rows().size());
            assertFalse(last.hasMore());
            assertEquals(first.rows(), store.query(TrajectoryQuery.builder().page(0, 200).build()).rows(),
                    "the same rows as the counting query");
            TrajectoryRows exactFit = store.rows(TrajectoryQuery.builder().page(250, 200).build());
            assertEquals(200, exactFit.rows().size());
            assertFalse(exactFit.hasMore(), "a full last page has nothing after it");

            assertEquals(450, store.count(TrajectoryQuery.all(), Long.MAX_VALUE));
            assertEquals(101, store.count(TrajectoryQuery.all(), 100), "above the cap: cap + 1 means 'more than cap'");
            assertEquals(450, store.count(TrajectoryQuery.all(), 10_000));
            TrajectoryQuery common = TrajectoryQuery.builder().textContains(BenchCorpus.COMMON_WORD).build();
            assertEquals(45, store.count(common, Long.MAX_VALUE), "the planted word is in every tenth trajectory");
            assertEquals(45, store.query(common).total());
            store.cancelCounts(); // nothing running: harmless
            assertEquals(450, store.count(TrajectoryQuery.all(), Long.MAX_VALUE), "the counter works after a cancel");
        }
    }

    @Test
    void aBroadRangeIsFilteredInSortOrderANarrowOneReadFromItsIndex(@TempDir Path dir) {
        TrajectoryQuery byId = TrajectoryQuery.builder().rewardRange(0.05, 0.5).toolCallRange(1, null).build();
        QuerySql scan = QuerySql.where(byId, true, true);
        assertTrue(scan.ranged());
        assertTrue(scan.sql().contains("+t.reward >= ?") && scan.sql().contains("+t.num_tool_calls >= ?"), scan.sql());
        assertFalse(QuerySql.where(byId, true).sql().contains("+"), "the default lets the index serve the range");
        TrajectoryQuery byReward = byId.toBuilder().sort(TrajectoryQuery.SortField.REWARD, false).build();
        assertTrue(QuerySql.where(byReward, true, true).sql().contains(" t.reward >= ?"),
                "a range on the sort column keeps its index: it is the order too");
        assertFalse(QuerySql.where(TrajectoryQuery.builder().stepRange(1, 2).build(), true).ranged(),
                "a step range is a block of ids: always read from its index");
        try (WorkbenchStore store = filled(dir, 450)) {
            TrajectoryQuery q = byId.toBuilder().page(0, 20).build();
            List<TrajectorySummary> rows = store.rows(q).rows();
            assertFalse(rows.isEmpty());
            assertEquals(store.query(q).rows(), rows);
            assertTrue(rows.stream().allMatch(r -> r.reward() >= 0.05 && r.reward() <= 0.5 && r.numToolCalls() >= 1));
        }
    }

    @Test
    void eachRangeIsJudgedByItsOwnIndexAndBothPlansGiveTheSameRows(@TempDir Path dir) throws Exception {
        try (WorkbenchStore store = filled(dir, 450)) {
            List<TrajectorySummary> all = store.rows(TrajectoryQuery.builder().page(0, 1000).build()).rows();
            long broadRewards = all.stream().filter(r -> r.reward() >= 0.0).count();
            // the most tool calls held by at least 10 rows: a narrow range
            int[] tools = all.stream().mapToInt(TrajectorySummary::numToolCalls).sorted().toArray();
            int minTools = tools[tools.length - 10];
            long fewTools = all.stream().filter(r -> r.numToolCalls() >= minTools).count();
            assertTrue(broadRewards > 300 && fewTools >= 10 && fewTools < 100, broadRewards + " / " + fewTools);
            TrajectoryQuery q = TrajectoryQuery.builder().rewardRange(0.0, null).toolCallRange(minTools, null)
                    .page(0, 20).build();
            List<TrajectorySummary> sorted = store.rows(q).rows();
            assertFalse(store.pageSql(q).sql().contains("+"), "450 rows: both ranges under the limit, both indexed");
            store.rangeSortLimit(100);
            String sql = store.pageSql(q).sql();
            assertTrue(sql.contains("+t.reward >= ?") && sql.contains(" t.num_tool_calls >= ?")
                    && !sql.contains("+t.num_tool_calls"), "the broad range is scanned, the narrow one indexed: " + sql);
            assertEquals(sorted, store.rows(q).rows(), "the same page either way");
            store.rangeSortLimit((int) fewTools - 1);
            assertTrue(store.pageSql(q).sql().contains("+t.num_tool_calls >= ?"));
            assertEquals(sorted, store.rows(q).rows());
            List<TrajectorySummary> expected = all.stream().filter(r -> r.reward() >= 0.0 && r.numToolCalls() >= minTools)
                    .limit(20).toList();
            assertEquals(expected, sorted);
        }
    }

    @Test
    void pagesChosenByIdFirstEqualThePagesReadWithTheirRuns(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir, 450)) {
            List<TrajectorySummary> all = store.rows(TrajectoryQuery.builder().page(0, 1000).build()).rows();
            assertEquals(450, all.size());
            store.tagTrajectory(all.get(7).id(), "odd");
            List<TrajectoryQuery.Builder> filters = List.of(TrajectoryQuery.builder(),
                    TrajectoryQuery.builder().run("bench-1"),
                    TrajectoryQuery.builder().runs(java.util.Set.of("bench-0", "bench-2")).stepRange(0, 3),
                    TrajectoryQuery.builder().task("countdown").correct(true),
                    TrajectoryQuery.builder().rewardRange(0.05, 0.5),
                    TrajectoryQuery.builder().finishReason(dev.rwb.engine.trajectory.FinishReason.STOP).toolCallRange(0, 1),
                    TrajectoryQuery.builder().textContains(BenchCorpus.COMMON_WORD),
                    TrajectoryQuery.builder().tag("odd"),
                    TrajectoryQuery.builder().ids(List.of(all.get(9).id(), all.get(3).id(), all.get(5).id())));
            int compared = 0;
            for (TrajectoryQuery.Builder f : filters) {
                // the counts (without the join when nothing is being imported) equal the joined query's total
                long total = store.query(f.page(0, 25).build()).total();
                assertTrue(total > 0, f.build().toString());
                assertEquals(total, store.count(f.build(), Long.MAX_VALUE), f.build().toString());
                assertEquals(Math.min(total, 3), store.count(f.build(), 2), "capped: " + f.build());
                for (TrajectoryQuery.SortField sort : TrajectoryQuery.SortField.values()) {
                    for (boolean asc : new boolean[]{true, false}) {
                        for (int offset : new int[]{0, 30}) {
                            TrajectoryQuery q = f.sort(sort, asc).page(offset, 25).build();
                            // query() reads its page with the join (and counts): the page chosen by ids must equal it
                            assertEquals(store.query(q).rows(), store.rows(q).rows(), q.toString());
                            compared++;
                        }
                    }
                }
            }
            assertEquals(filters.size() * TrajectoryQuery.SortField.values().length * 4, compared);
            TrajectoryQuery.Builder b = TrajectoryQuery.builder().rewardRange(0.05, 0.5).sort(TrajectoryQuery.SortField.LENGTH, false);
            List<TrajectorySummary> two = store.rows(b.page(0, 40).build()).rows();
            assertEquals(two.subList(20, 40), store.rows(b.pageAfter(two.get(19), 20).build()).rows(), "a seek too");
            assertEquals(two.subList(0, 20), store.rows(b.pageBefore(two.get(20), 20).build()).rows());
        }
    }

    @Test
    void aCommonWordIsCheckedInSortOrderARareOneByItsCandidates(@TempDir Path dir) throws Exception {
        try (WorkbenchStore store = filled(dir, 450)) {
            for (String word : new String[]{BenchCorpus.COMMON_WORD, BenchCorpus.RARE_WORD}) {
                for (TrajectoryQuery.SortField sort : new TrajectoryQuery.SortField[]{TrajectoryQuery.SortField.REWARD,
                        TrajectoryQuery.SortField.LENGTH, TrajectoryQuery.SortField.STEP, TrajectoryQuery.SortField.ID}) {
                    for (boolean asc : new boolean[]{true, false}) {
                        TrajectoryQuery q = TrajectoryQuery.builder().textContains(word).sort(sort, asc).page(0, 20).build();
                        store.rangeSortLimit(WorkbenchStore.RANGE_SORT_LIMIT);
                        assertFalse(store.pageSql(q).sql().contains("+t.id IN"), "45 candidates (limit 2,000): read and sorted");
                        List<TrajectorySummary> sorted = store.rows(q).rows();
                        store.rangeSortLimit(20);
                        boolean scanned = store.pageSql(q).sql().contains("+t.id IN");
                        assertEquals(word.equals(BenchCorpus.COMMON_WORD) && sort != TrajectoryQuery.SortField.ID, scanned,
                                "over the limit and not by id: checked in sort order " + q);
                        assertEquals(sorted, store.rows(q).rows(), "the same page either way: " + q);
                        assertFalse(sorted.isEmpty());
                    }
                }
            }
        }
    }

    @Test
    void theCountSeesRowsWrittenAfterItOpened(@TempDir Path dir) {
        try (WorkbenchStore store = filled(dir, 10)) {
            assertEquals(10, store.count(TrajectoryQuery.all(), Long.MAX_VALUE));
            store.insert(new BenchCorpus(5).trajectory(99, 50));
            assertEquals(11, store.count(TrajectoryQuery.all(), Long.MAX_VALUE));
        }
    }

    @Test
    void theRareWordIsRare() {
        BenchCorpus corpus = new BenchCorpus(1);
        assertTrue(corpus.trajectory(7, 300).tokens().text().contains(BenchCorpus.RARE_WORD));
        assertFalse(corpus.trajectory(8, 300).tokens().text().contains(BenchCorpus.RARE_WORD));
        assertFalse(corpus.trajectory(11, 2000).tokens().text().contains(BenchCorpus.COMMON_WORD));
        int length = corpus.trajectory(3, 1234).tokens().length();
        assertEquals(1234, length, "the corpus writes the length asked for");
    }
}
