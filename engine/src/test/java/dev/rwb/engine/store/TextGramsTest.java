package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema 12's text index ({@link TextGrams}): {@code contains} gives exactly the rows whose text is
 * {@code LIKE '%query%'} (SQLite's rule: ASCII case ignored, nothing else folded), which is what the
 * schema-8 trigram index with its LIKE check gave; a schema-11 DB migrates in place, field by field;
 * deletes, a cascade from a deleted run included, take their index rows with them.
 */
class TextGramsTest {
    private static final String[] PIECES = {"the", " The", " THE", "Ω", "ω", "😀", "👍🏽", "\n", " founded", "Founded",
            "ß", "SS", "ss", "ſ", "K", "k", "K", "İ", "i", "%", "_", "\\", "\"", "'", " 42", "<think>", "ab", "AB", "é",
            "e\u0301", " ", "x", "X"};

    @TempDir
    Path dir;

    static List<Trajectory> randomTexts(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Trajectory> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int n = rnd.nextInt(80);
            TokenArrays.Builder b = TokenArrays.builder();
            for (int i = 0; i < n; i++) {
                b.add(rnd.nextInt(1000), PIECES[rnd.nextInt(PIECES.length)], Role.values()[rnd.nextInt(4)], 0);
            }
            out.add(new Trajectory(0, k % 3 == 0 ? "a" : "b", k / 10, "p" + k, "g" + k, 0, "t", "x", null, Double.NaN,
                    Map.of(), false, FinishReason.STOP, 0, true, List.of(new PolicySegment(0, 0)), b.build()));
        }
        return out;
    }

    /** Queries: substrings of the stored texts (1-12 code points) with ASCII case flipped at random, and random ones. */
    static List<String> queries(List<Trajectory> ts, long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(List.of("the", "THE FOUNDED", "ß", "ss", "ſ", "K", "%", "_", "\\", "\"\"",
                "😀👍", "😀", "a", "ab", "abc", "ΩΩ", "ωΩ", "é", "e\u0301", "founded", "nowhere at all", "İi"));
        for (int q = 0; q < count; q++) {
            String text = ts.get(rnd.nextInt(ts.size())).tokens().text();
            int[] cps = text.codePoints().toArray();
            if (cps.length == 0 || rnd.nextInt(5) == 0) {
                StringBuilder s = new StringBuilder();
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    s.append(PIECES[rnd.nextInt(PIECES.length)]);
                }
                out.add(s.toString());
                continue;
            }
            int from = rnd.nextInt(cps.length);
            int to = Math.min(cps.length, from + 1 + rnd.nextInt(12));
            StringBuilder s = new StringBuilder();
            for (int i = from; i < to; i++) {
                int c = cps[i];
                if (c < 128 && Character.isLetter(c) && rnd.nextBoolean()) {
                    c = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                }
                s.appendCodePoint(c);
            }
            out.add(s.toString());
        }
        return out;
    }

    /** What {@code contains} must return: the ids whose stored text is LIKE '%q%' (the old index's final check). */
    static Set<Long> likeIds(Path db, String q) throws Exception {
        Set<Long> ids = new TreeSet<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var ps = c.prepareStatement("SELECT id FROM trajectory_texts WHERE text LIKE ? ESCAPE '\\'")) {
            ps.setString(1, "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    static Set<Long> containsIds(WorkbenchStore store, String q) {
        TrajectoryPage page = store.query(TrajectoryQuery.builder().textContains(q).page(0, 100_000).build());
        Set<Long> ids = new TreeSet<>();
        page.rows().forEach(r -> ids.add(r.id()));
        assertEquals(ids.size(), page.total(), "total of '" + q + "'");
        return ids;
    }

    private static void assertExact(WorkbenchStore store, Path db, List<String> queries) throws Exception {
        int nonEmpty = 0;
        for (String q : queries) {
            Set<Long> expected = likeIds(db, q);
            nonEmpty += expected.isEmpty() ? 0 : 1;
            assertEquals(expected, containsIds(store, q), "contains '" + q + "'");
        }
        assertTrue(nonEmpty > queries.size() / 2, "most queries match something: " + nonEmpty + " of " + queries.size());
    }

    @Test
    void containsIsExactlyLikeOnAFreshDatabase() throws Exception {
        Path db = dir.resolve("fresh.db");
        List<Trajectory> ts = randomTexts(1, 300);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insertAll(ts);
            assertExact(store, db, queries(ts, 2, 400));
        }
    }

    @Test
    void aSchemaElevenDatabaseMigratesInPlaceAndAnswersTheSame() throws Exception {
        Path db = dir.resolve("v11.db");
        List<Trajectory> ts = new ArrayList<>(randomTexts(3, 200));
        ts.addAll(PayloadMigrationTest.mixed());
        List<Long> ids;
        try (WorkbenchStore v11 = WorkbenchStore.open(db, Migrations.TEXT_GRAMS - 1)) {
            ids = v11.insertAll(ts);
            assertEquals(Migrations.TEXT_GRAMS - 1, v11.schemaVersion());
        }
        assertTrue(WorkbenchStore.needsSlowMigration(db));
        long[] last = {-1, -1};
        try (WorkbenchStore latest = WorkbenchStore.open(db, (step, done, total) -> {
            if (step.contains("contains")) {
                last[0] = done;
                last[1] = total;
            }
        })) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            assertEquals(ts.size(), last[0], "progress reached every text");
            assertEquals(ts.size(), last[1]);
            for (int i = 0; i < ts.size(); i++) {
                PayloadMigrationTest.assertSameTrajectory(ts.get(i).withId(ids.get(i)), latest.load(ids.get(i)));
            }
            assertExact(latest, db, queries(ts, 4, 300));
            assertEquals(40, latest.query(TrajectoryQuery.builder().textContains("founded acme").build()).total());
            assertEquals("ok", latest.integrityCheck());
        }
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trajectory_text'"));
        assertEquals(ts.size(), raw(db, "SELECT COUNT(*) FROM " + TextGrams.TABLE));
        assertTrue(!WorkbenchStore.needsSlowMigration(db));
    }

    @Test
    void deletedTrajectoriesLeaveTheIndexAndIdsReusedAfterADeleteMatchOnlyTheirOwnText() throws Exception {
        Path db = dir.resolve("d.db");
        List<Trajectory> ts = randomTexts(5, 200);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insertAll(ts);
            store.deleteStepsAfter(store.findRun("b").orElseThrow().id(), 8);
            store.deleteRun(store.findRun("a").orElseThrow().id());
            assertEquals(0, raw(db, "SELECT COUNT(*) FROM " + TextGrams.TABLE + " WHERE rowid NOT IN (SELECT id FROM trajectories)"));
            assertEquals(raw(db, "SELECT COUNT(*) FROM trajectories"), raw(db, "SELECT COUNT(*) FROM " + TextGrams.TABLE));
            // the deleted rows' ids (the highest) come back for new texts
            store.insertAll(randomTexts(6, 100));
            assertExact(store, db, queries(randomTexts(6, 100), 7, 300));
        }
        raw(db, "SELECT 1 FROM " + TextGrams.TABLE + " WHERE " + TextGrams.TABLE + " MATCH 'x'");
    }

    @Test
    void theWordsOfATextAreItsDistinctFoldedTrigrams() {
        assertEquals("", TextGrams.of(""));
        assertEquals("", TextGrams.of("ab"));
        assertEquals("", TextGrams.of("😀👍"), "two code points, four chars");
        assertEquals(TextGrams.of("abc"), TextGrams.of("ABC"));
        assertEquals(TextGrams.of("abcabc").split(" ").length, 3, "abc, bca, cab");
        assertTrue(!TextGrams.of("ßßß").equals(TextGrams.of("SSS")));
        assertEquals(null, TextGrams.match("😀👍"));
        assertEquals(1, TextGrams.match("ABC").split(" AND ").length);
        String big = "x".repeat(100_000) + "yz" + "😀".repeat(50_000);
        assertEquals(6, TextGrams.of(big).split(" ").length, "xxx, xxy, xyz, yz😀, z😀😀, 😀😀😀");
    }

    private static long raw(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Every 32-bit hash is written in the digits {@link Long#toString(long, int)} gives it in base 36 (the stored format). */
    @Test
    void wordsAreTheUnsignedBase36OfTheHash() {
        List<Integer> hashes = new ArrayList<>(List.of(1, 35, 36, 1295, 1296, 46655, 46656, 36 * 36 * 36 * 36 - 1,
                36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36, 1 << 31, -1, -2, Integer.MAX_VALUE, (int) 2_176_782_335L, (int) 2_176_782_336L));
        SplittableRandom rnd = new SplittableRandom(9);
        for (int k = 0; k < 100_000; k++) {
            hashes.add(rnd.nextInt());
        }
        byte[] out = new byte[8];
        for (int h : hashes) {
            int end = TextGrams.word(out, 0, h);
            assertEquals(Long.toString(h & 0xffffffffL, 36), new String(out, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1),
                    "hash " + h);
        }
    }

    /** The index documents are those of the StringBuilder version they replaced, text for text. */
    @Test
    void documentsEqualTheReferenceEncoding() {
        SplittableRandom rnd = new SplittableRandom(13);
        List<String> texts = new ArrayList<>(List.of("", "ab", "abc", "ABC abc", "😀😀😀😀", "\ud83dx", "x\ud83d", "a\udc00b"));
        for (Trajectory t : randomTexts(21, 2000)) {
            texts.add(t.tokens().text());
        }
        for (int k = 0; k < 200; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(20_000); i > 0; i--) {
                sb.append((char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : 'A' + rnd.nextInt(60)));
            }
            texts.add(sb.toString());
        }
        for (String text : texts) {
            assertEquals(referenceDocument(text), TextGrams.of(text), "document of a " + text.length() + "-char text");
        }
    }

    /** Schema 12's encoding as first written: distinct trigrams in first-seen order, each hash as base-36 digits. */
    private static String referenceDocument(String text) {
        if (text.length() < 3) {
            return "";
        }
        java.util.LinkedHashSet<Long> keys = new java.util.LinkedHashSet<>();
        // the code points as the index reads them: ASCII upper case folded, a surrogate pair one code point
        List<Integer> folded = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int c = text.charAt(i++);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (Character.isHighSurrogate((char) c) && i < text.length() && Character.isLowSurrogate(text.charAt(i))) {
                c = Character.toCodePoint((char) c, text.charAt(i++));
            }
            folded.add(c);
        }
        for (int i = 0; i + 3 <= folded.size(); i++) {
            keys.add(((long) folded.get(i) << 42) | ((long) folded.get(i + 1) << 21) | folded.get(i + 2));
        }
        StringBuilder out = new StringBuilder();
        for (long k : keys) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Long.toString(TextGrams.hash((int) (k >>> 42), (int) (k >>> 21) & 0x1F_FFFF, (int) k & 0x1F_FFFF)
                    & 0xffffffffL, 36));
        }
        return out.toString();
    }
}
