package dev.rwb.engine.store;

import dev.rwb.engine.interop.export.RunHtml;
import dev.rwb.engine.interop.export.TrajectoryAnnotations;
import dev.rwb.engine.interop.export.TrajectoryHtml;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags on runs and trajectories, notes on token spans: stored, filtered, exported, deleted with their run. */
class TagsAndNotesTest {

    @Test
    void tagsAreStoredOnceFilterableAndGoWithTheirRun(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long a = store.insert(TestTrajectories.searchEpisode("r1", 1, "g", 0, 1.0, true, "Ada"));
            long b = store.insert(TestTrajectories.searchEpisode("r1", 1, "g", 1, 0.0, false, "Bob"));
            long c = store.insert(TestTrajectories.searchEpisode("r2", 1, "g", 0, 1.0, true, "Ada"));
            assertTrue(store.tagTrajectory(a, "reward hack"));
            assertFalse(store.tagTrajectory(a, " reward hack "), "the same tag is not added twice");
            assertTrue(store.tagTrajectory(a, "good example"));
            assertTrue(store.addTag("r2", null, "collapse"));
            assertFalse(store.addTag("r2", null, "collapse"));
            assertThrows(StoreException.class, () -> store.addTag("r2", a, "x"), "a's run is r1");
            assertThrows(IllegalArgumentException.class, () -> store.tagTrajectory(b, "  "));

            assertEquals(Map.of(a, List.of("good example", "reward hack")), store.tagsOf(List.of(a, b, c)));
            assertEquals(List.of("collapse", "good example", "reward hack"), store.tagNames());
            assertEquals(List.of(new Tag("r2", null, "collapse")), store.tags("r2"));
            assertEquals(List.of(a), ids(store, TrajectoryQuery.builder().tag("reward hack").build()));
            assertEquals(List.of(c), ids(store, TrajectoryQuery.builder().tag("collapse").build()),
                    "a run's tag matches its trajectories");
            assertTrue(store.removeTag("r1", a, "reward hack"));
            assertEquals(List.of(), ids(store, TrajectoryQuery.builder().tag("reward hack").build()));

            long note = store.addNote(b, 4, 6, "it thinks before it searches");
            store.addNote(b, 15, 15, "the wrong name");
            assertEquals(List.of(4, 15), store.notes(b).stream().map(Note::startToken).toList());
            assertThrows(IllegalArgumentException.class, () -> store.addNote(b, 5, 4, "backwards"));
            assertThrows(StoreException.class, () -> store.addNote(9999, 0, 0, "nobody"));
            assertTrue(store.deleteNote(note));
            assertEquals(1, store.notes(b).size());

            store.deleteRun(store.findRun("r1").orElseThrow().id());
            assertEquals(Map.of(), store.tagsOf(List.of(a, b)), "tags go with their run");
            assertEquals(List.of(), store.notes(b), "notes go with their trajectory");
            assertEquals(List.of("collapse"), store.tagNames());
        }
    }

    private static List<Long> ids(WorkbenchStore store, TrajectoryQuery q) {
        return store.query(q).rows().stream().map(TrajectorySummary::id).toList();
    }

    @Test
    void theExportsShowTagsAndNotesAndARunBundlesItsTaggedTrajectories(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long a = store.insert(TestTrajectories.searchEpisode("r1", 1, "g", 0, 1.0, true, "Ada"));
            long b = store.insert(TestTrajectories.searchEpisode("r1", 2, "g", 0, 0.0, false, "Bob"));
            store.insert(TestTrajectories.searchEpisode("r1", 3, "g", 0, 0.0, false, "Eve"));
            store.tagTrajectory(a, "good example");
            store.tagTrajectory(b, "reward hack");
            store.addTag("r1", null, "teaching");
            store.addNote(b, 15, 15, "answers a name the documents never mention");

            Trajectory tb = store.load(b);
            Document page = Jsoup.parse(TrajectoryHtml.render(tb, ColorMode.CONTRIBUTION, ScaleScope.TRAJECTORY,
                    ScaleContext.UNKNOWN, TrajectoryAnnotations.of(store, b)));
            assertEquals("reward hack", page.select("#tags .tag").text());
            assertEquals("tokens 15–15 « Bob»: answers a name the documents never mention", page.select("#notes li").text());
            List<Element> noted = page.select(".tokens .t.nt");
            assertEquals(1, noted.size());
            assertEquals(" Bob", noted.get(0).wholeText());
            assertTrue(noted.get(0).attr("title").endsWith("| note: answers a name the documents never mention"));

            Document run = Jsoup.parse(RunHtml.render(store, store.findRun("r1").orElseThrow()));
            assertEquals("teaching", run.select("#run-tags .tag").text());
            List<Element> bundled = run.select("section.tagged");
            assertEquals(List.of("trajectory-" + a, "trajectory-" + b), bundled.stream().map(Element::id).toList(),
                    "the two tagged trajectories, not the untagged third");
            Document inner = Jsoup.parse(bundled.get(1).selectFirst("iframe").attr("srcdoc"));
            assertEquals("reward hack", inner.select("#tags .tag").text());
            assertEquals(tb.tokens().length(), inner.select(".tokens .t").size(), "the whole trajectory, token by token");
            assertTrue(run.select("script, link, img[src^=http]").isEmpty(), "self-contained: no script, no link");
        }
    }
}
