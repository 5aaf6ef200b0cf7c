package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema 15's stop grams ({@link StopGrams}): the first chunk of at least {@link StopGrams#MIN_ROWS}
 * rows decides the trigrams in more than half of its texts, the index leaves them out from then on,
 * and {@code contains} still gives exactly the rows whose text is {@code LIKE '%query%'}: for rows
 * indexed before and after the decision, for a query of stop grams only, after a reopen, from a
 * store that opened before another one decided, and in a DB migrated from schema 14.
 */
class StopGramsTest {
    @TempDir
    Path dir;

    private static String document(int... hashes) {
        StringBuilder s = new StringBuilder();
        byte[] out = new byte[8];
        for (int h : hashes) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(new String(out, 0, TextGrams.word(out, 0, h), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return s.toString();
    }

    @Test
    void aTrigramInMoreThanHalfOfTheDocumentsIsAStopGram() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // 7 in every document, -5 (a hash above 2^31, unsigned) in 6 of 10, 9 in 5 of 10: not more than half
            docs.add(i < 5 ? document(7, -5, 9, 100 + i) : i < 6 ? document(-5, 7) : document(7, 200 + i));
        }
        StopGrams stop = StopGrams.decide(docs);
        assertTrue(stop.decided());
        assertEquals(2, stop.size());
        assertTrue(stop.contains(7));
        assertTrue(stop.contains(-5));
        assertFalse(stop.contains(9));
        assertFalse(stop.contains(100));
        assertFalse(StopGrams.NONE.decided());
        assertEquals(0, StopGrams.decide(List.of("", "")).size(), "documents without trigrams");
    }

    @Test
    void aDocumentAndAQueryLeaveOutExactlyTheStopGrams() {
        String text = "the founded the Acme; THE FOUNDED";
        String all = TextGrams.of(text);
        List<String> words = Arrays.asList(all.split(" "));
        // the stop set of two documents that share "the" and " fo" only
        StopGrams stop = StopGrams.decide(List.of(TextGrams.of("the fo"), TextGrams.of("xthe fox")));
        assertEquals(4, stop.size(), "the, he_, e_f, _fo");
        List<String> kept = new ArrayList<>(words);
        kept.removeIf(w -> stop.contains((int) Long.parseLong(w, 36)));
        assertEquals(words.size() - 4, kept.size());
        assertEquals(String.join(" ", kept), TextGrams.of(text, stop));
        assertNull(TextGrams.match("THE Fo", stop), "stop grams only");
        assertTrue(TextGrams.hasTrigram("THE Fo"));
        assertEquals(TextGrams.match("the founded").split(" AND ").length - 4,
                TextGrams.match("the founded", stop).split(" AND ").length);
    }

    private static List<Trajectory> texts(long seed, int count) {
        return TextGramsTest.randomTexts(seed, count);
    }

    private static void assertExact(WorkbenchStore store, Path db, List<String> queries) throws Exception {
        int nonEmpty = 0;
        for (String q : queries) {
            Set<Long> expected = TextGramsTest.likeIds(db, q);
            nonEmpty += expected.isEmpty() ? 0 : 1;
            assertEquals(expected, TextGramsTest.containsIds(store, q), "contains '" + q + "'");
            assertEquals(expected.size(), store.count(TrajectoryQuery.builder().textContains(q).build(), Long.MAX_VALUE),
                    "count of '" + q + "'");
            // a page in reward order: the sort that checks rows in order when candidates are many
            TrajectoryRows page = store.rows(TrajectoryQuery.builder().textContains(q)
                    .sort(TrajectoryQuery.SortField.REWARD, false).page(0, 50).build());
            Set<Long> ids = new TreeSet<>();
            page.rows().forEach(r -> ids.add(r.id()));
            assertTrue(expected.containsAll(ids), "page of '" + q + "'");
            assertEquals(Math.min(50, expected.size()), ids.size(), "page size of '" + q + "'");
        }
        assertTrue(nonEmpty > queries.size() / 2, "most queries match something: " + nonEmpty + " of " + queries.size());
    }

    /** Queries of stop grams only, of stop grams and others, and the random substrings of TextGramsTest. */
    private static List<String> queries(WorkbenchStore store, List<Trajectory> ts, long seed) {
        List<String> qs = new ArrayList<>(TextGramsTest.queries(ts, seed, 250));
        int stopOnly = 0;
        for (String q : qs) {
            if (TextGrams.hasTrigram(q) && TextGrams.match(q, store.stopGrams()) == null) {
                stopOnly++;
            }
        }
        assertTrue(stopOnly > 10, "queries of stop grams only: " + stopOnly);
        return qs;
    }

    @Test
    void theFirstLargeChunkDecidesAndContainsStaysExactBeforeAndAfterAReopen() throws Exception {
        Path db = dir.resolve("s.db");
        List<Trajectory> all = new ArrayList<>();
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            List<Trajectory> small = texts(1, StopGrams.MIN_ROWS - 1);
            store.insertAll(small);
            all.addAll(small);
            assertFalse(store.stopGrams().decided(), "a chunk under " + StopGrams.MIN_ROWS + " rows does not decide");
            assertEquals(0, raw(db, "SELECT COUNT(*) FROM " + StopGrams.TABLE));
            List<Trajectory> large = texts(2, StopGrams.MIN_ROWS);
            store.insertAll(large);
            all.addAll(large);
            StopGrams stop = store.stopGrams();
            assertTrue(stop.decided());
            assertTrue(stop.size() >= 5, "the pieces' common trigrams: " + stop.size());
            assertEquals(stop.size() + 1, raw(db, "SELECT COUNT(*) FROM " + StopGrams.TABLE), "the set and its sentinel");
            // written without the stop grams
            List<Trajectory> after = texts(3, 500);
            store.insertAll(after);
            all.addAll(after);
            assertExact(store, db, queries(store, all, 4));
        }
        try (WorkbenchStore reopened = WorkbenchStore.open(db)) {
            assertTrue(reopened.stopGrams().decided());
            assertExact(reopened, db, queries(reopened, all, 5));
            assertEquals("ok", reopened.integrityCheck());
        }
    }

    @Test
    void aStoreOpenedBeforeAnotherDecidedAsksTheDatabase() throws Exception {
        Path db = dir.resolve("two.db");
        try (WorkbenchStore reader = WorkbenchStore.open(db); WorkbenchStore writer = WorkbenchStore.open(db)) {
            assertFalse(reader.stopGrams().decided());
            List<Trajectory> all = new ArrayList<>(texts(6, StopGrams.MIN_ROWS + 200));
            writer.insertAll(all);
            List<Trajectory> more = texts(7, 400);
            writer.insertAll(more);
            all.addAll(more);
            assertTrue(writer.stopGrams().decided());
            // the reader still holds the undecided set it opened with: its queries must read the DB's
            assertExact(reader, db, queries(writer, all, 8));
            assertTrue(reader.stopGrams().decided(), "learnt from the database");
        }
    }

    @Test
    void aSchemaFourteenDatabaseMigratesAndDecidesAtItsNextLargeChunk() throws Exception {
        Path db = dir.resolve("v14.db");
        List<Trajectory> all = new ArrayList<>(texts(9, 300));
        try (WorkbenchStore v14 = WorkbenchStore.open(db, Migrations.STOP_GRAMS - 1)) {
            v14.insertAll(all);
            assertFalse(v14.stopGrams().decided());
        }
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = '" + StopGrams.TABLE + "'"));
        try (WorkbenchStore latest = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            assertFalse(latest.stopGrams().decided());
            List<Trajectory> large = texts(10, StopGrams.MIN_ROWS);
            latest.insertAll(large);
            all.addAll(large);
            List<Trajectory> more = texts(11, 300);
            latest.insertAll(more);
            all.addAll(more);
            assertTrue(latest.stopGrams().decided());
            assertExact(latest, db, queries(latest, all, 12));
        }
    }

    private static long raw(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
