package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Schema 12's text index: for each trajectory, the set of its distinct trigrams (three code points,
 * ASCII letters folded to lower case, the same case rule as SQLite's {@code LIKE}), each written as a
 * short word (a 32-bit hash in base 36) into a contentless FTS5 table ({@code trajectory_grams},
 * {@code detail=none}). The words are computed in Java on the import's worker threads; SQLite on the
 * single writer thread only indexes one word per <em>distinct</em> trigram, instead of tokenising
 * every character of the text with FTS5's trigram tokenizer (measured on a 50 MB verl dump: 495
 * distinct trigrams in a 3,774-character text; FTS5's work 0.46 CPU s instead of 3.9 s).
 *
 * <p>A query's rows are those whose index holds every word of the query's trigrams: a superset of
 * the rows whose text contains the query (a hash collision only adds a candidate), and the store
 * checks each candidate's text with {@code LIKE}, so {@code contains} stays exact.
 */
final class TextGrams {
    /** The index table; rows are deleted with the text (a trigger on {@code trajectory_texts}). */
    static final String TABLE = "trajectory_grams";

    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int REPORT_EVERY = 1_000;

    /**
     * Per-thread scratch: the text's chars, an open-addressing set of trigram keys plus one (0 = empty),
     * and the document being written (ASCII: base-36 digits and spaces).
     */
    private static final class Scratch {
        char[] chars = new char[8192];
        long[] set = new long[INITIAL_SET];
        byte[] out = new byte[8192];
    }

    /** Slots of the key set to start with; it doubles at half full (a 4 KB text has ~500 distinct trigrams). */
    private static final int INITIAL_SET = 2048;
    /** 36^4: a 32-bit hash is at most three base-36 digits above four. */
    private static final int POW36_4 = 36 * 36 * 36 * 36;
    /** Digits of every number below 36^2, two per entry (leading zero included). */
    private static final byte[] PAIRS = pairs();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private TextGrams() {
    }

    private static byte[] pairs() {
        byte[] p = new byte[2 * 36 * 36];
        for (int i = 0; i < 36 * 36; i++) {
            p[2 * i] = (byte) DIGITS[i / 36];
            p[2 * i + 1] = (byte) DIGITS[i % 36];
        }
        return p;
    }

    /**
     * FTS5 settings for writes of many rows per transaction (stored in the index's config table, so
     * they outlast the connection; setting them again changes nothing). Measured with {@code rwb bench import --mb 1000}
     * and the Qwen3 tokenizer, the writer thread's CPU (docs/BENCHMARKS.md):
     * <ul>
     *   <li>{@code hashsize} 64 MB instead of 1 MB: FTS5 flushes its pending terms to a new segment
     *       whenever they pass this size, so at 1 MB an import's 16 MB chunk became ~7 small segments
     *       to merge again; now each chunk's commit writes one. Native memory, bounded by the chunk.</li>
     *   <li>{@code automerge} 16 instead of 4: a level's segments merge 16 at a time instead of 4, so
     *       each posting is rewritten about half as often; a query reads at most ~16 segments a level.</li>
     * </ul>
     * On 1,000 MB the writer thread took 47-50 CPU s with {@code hashsize} alone and 40-43 s with both
     * (~60 s with neither, measured at 800f744 on another machine, start-up included); the whole import 0.110-0.116 CPU s per source MB.
     */
    static void configureForBulkWrites(Connection connection) {
        try (Statement st = connection.createStatement()) {
            st.execute("INSERT INTO " + TABLE + "(" + TABLE + ", rank) VALUES('hashsize', " + (64 << 20) + ")");
            st.execute("INSERT INTO " + TABLE + "(" + TABLE + ", rank) VALUES('automerge', 16)");
        } catch (SQLException e) {
            throw new StoreException("configure the text index " + TABLE + " for an import", e);
        }
    }

    /** The index document of a text: its distinct trigram words, separated by spaces ("" for a text under 3 code points). */
    static String of(String text) {
        return of(text, StopGrams.NONE);
    }

    /** {@link #of(String)} without the words of {@code stop}'s trigrams (see {@link StopGrams}). */
    static String of(String text, StopGrams stop) {
        int n = text.length();
        if (n < 3) {
            return "";
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.chars.length < n) {
            scratch.chars = new char[Integer.highestOneBit(n) << 1];
        }
        char[] chars = scratch.chars;
        text.getChars(0, n, chars, 0);
        long[] set = scratch.set;
        java.util.Arrays.fill(set, 0L);
        int shift = 64 - Integer.numberOfTrailingZeros(set.length);
        int mask = set.length - 1;
        int size = 0;
        byte[] out = scratch.out;
        int length = 0;
        long key = 0;
        int seen = 0;
        for (int i = 0; i < n; ) {
            int c = chars[i++];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (Character.isHighSurrogate((char) c) && i < n && Character.isLowSurrogate(chars[i])) {
                c = Character.toCodePoint((char) c, chars[i++]);
            }
            // the last three code points, 21 bits each; distinct keys are hashed once (most trigrams repeat)
            key = ((key << 21) | c) & 0x7FFF_FFFF_FFFF_FFFFL;
            if (++seen < 3) {
                continue;
            }
            long stored = key + 1;
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
            while (true) {
                long v = set[slot];
                if (v == 0) {
                    set[slot] = stored;
                    int h = hash((int) (key >>> 42), (int) (key >>> 21) & 0x1F_FFFF, (int) key & 0x1F_FFFF);
                    if (!stop.contains(h)) {
                        // a space and at most seven digits
                        if (length + 8 > out.length) {
                            out = java.util.Arrays.copyOf(out, out.length * 2);
                        }
                        if (length > 0) {
                            out[length++] = ' ';
                        }
                        length = word(out, length, h);
                    }
                    if (++size * 2 > set.length) {
                        set = grow(set);
                        shift--;
                        mask = set.length - 1;
                    }
                    break;
                }
                if (v == stored) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        scratch.set = set.length > 1 << 16 ? new long[INITIAL_SET] : set;
        scratch.out = out.length > 1 << 20 ? new byte[8192] : out;
        if (chars.length > 1 << 20) {
            scratch.chars = new char[8192];
        }
        return new String(out, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code h} as an unsigned base-36 number (no leading zeros) at {@code out[at]}; returns the
     * end. The same digits as {@link #word(StringBuilder, int)}, from int arithmetic: the number is cut
     * into the part above 36^4 (at most three digits) and the four digits below.
     */
    static int word(byte[] out, int at, int h) {
        long v = h & 0xffffffffL;
        int high = (int) (v / POW36_4);
        int low = (int) (v - (long) high * POW36_4);
        int lowHigh = low / (36 * 36);
        int lowLow = low - lowHigh * (36 * 36);
        if (high == 0) {
            // at most four digits, none leading
            if (lowHigh == 0) {
                if (lowLow >= 36) {
                    out[at++] = PAIRS[2 * lowLow];
                }
                out[at++] = PAIRS[2 * lowLow + 1];
                return at;
            }
            if (lowHigh >= 36) {
                out[at++] = PAIRS[2 * lowHigh];
            }
            out[at++] = PAIRS[2 * lowHigh + 1];
        } else {
            int top = high / (36 * 36);
            int mid = high - top * (36 * 36);
            if (top > 0) {
                out[at++] = PAIRS[2 * top + 1];
                out[at++] = PAIRS[2 * mid];
            } else if (mid >= 36) {
                out[at++] = PAIRS[2 * mid];
            }
            out[at++] = PAIRS[2 * mid + 1];
            out[at++] = PAIRS[2 * lowHigh];
            out[at++] = PAIRS[2 * lowHigh + 1];
        }
        out[at++] = PAIRS[2 * lowLow];
        out[at++] = PAIRS[2 * lowLow + 1];
        return at;
    }

    private static long[] grow(long[] set) {
        long[] bigger = new long[set.length * 2];
        int shift = 64 - Integer.numberOfTrailingZeros(bigger.length);
        int mask = bigger.length - 1;
        for (long stored : set) {
            if (stored != 0) {
                int slot = (int) (((stored - 1) * 0x9E3779B97F4A7C15L) >>> shift);
                while (bigger[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[slot] = stored;
            }
        }
        return bigger;
    }

    /**
     * The FTS5 query of a {@code contains} text: every one of its trigrams' words (AND), or null
     * when the text has fewer than three code points (no trigram: the caller scans the texts).
     */
    static String match(String query) {
        return match(query, StopGrams.NONE);
    }

    /**
     * {@link #match(String)} with {@code stop}'s trigrams left out, as the index leaves them out: null
     * also when every trigram of the query is a stop gram (no candidates to narrow; the caller checks
     * rows one by one).
     */
    static String match(String query, StopGrams stop) {
        int[] cps = foldedCodePoints(query);
        Set<String> words = new LinkedHashSet<>();
        for (int i = 0; i + 3 <= cps.length; i++) {
            int h = hash(cps[i], cps[i + 1], cps[i + 2]);
            if (!stop.contains(h)) {
                StringBuilder w = new StringBuilder("\"");
                word(w, h);
                words.add(w.append('"').toString());
            }
        }
        return words.isEmpty() ? null : String.join(" AND ", words);
    }

    /** Whether {@code query} has a trigram at all (three code points or more). */
    static boolean hasTrigram(String query) {
        return query.codePointCount(0, query.length()) >= 3;
    }

    private static int[] foldedCodePoints(String query) {
        return query.codePoints().map(c -> c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c).toArray();
    }

    /** A trigram's hash, never 0; the index and the query must agree on it, so it is part of the format. */
    static int hash(int a, int b, int c) {
        long k = ((long) a << 42) | ((long) b << 21) | c;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        int h = (int) k;
        return h == 0 ? 1 : h;
    }

    private static void word(StringBuilder out, int h) {
        word(out, h, new char[7]);
    }

    private static void word(StringBuilder out, int h, char[] buf) {
        long v = h & 0xffffffffL;
        int p = buf.length;
        do {
            buf[--p] = DIGITS[(int) (v % 36)];
            v /= 36;
        } while (v != 0);
        out.append(buf, p, buf.length - p);
    }

    /** Schema 12's data step: indexes every stored text (inside the migration's transaction), with progress. */
    static void fill(Connection c, MigrationProgress progress) throws SQLException {
        long total;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trajectory_texts")) {
            total = rs.getLong(1);
        }
        String step = "indexing the texts for 'contains'";
        progress.progress(step, 0, total);
        long done = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, text FROM trajectory_texts ORDER BY id");
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + "(rowid, grams) VALUES (?, ?)")) {
            while (rs.next()) {
                ins.setLong(1, rs.getLong(1));
                ins.setString(2, of(rs.getString(2)));
                ins.executeUpdate();
                if (++done % REPORT_EVERY == 0) {
                    progress.progress(step, done, total);
                }
            }
        }
        progress.progress(step, done, total);
    }
}
