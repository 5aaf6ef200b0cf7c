package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The trigrams that the {@code contains} index leaves out (schema 15): those in more than half of a
 * DB's first large chunk of texts, the stop words of the index. A trigram in most rows narrows a
 * query's candidates by little, yet costs a posting in every row: in the generated verl dump of
 * {@code rwb bench import}, the trigrams in over half of the rows are 479 of 772 and hold 87 % of the
 * postings (docs/BENCHMARKS.md measures real prose too).
 *
 * <p>Leaving a trigram out never loses a match. A query's candidates are the rows holding every one
 * of its trigrams that is <em>not</em> a stop gram ({@link TextGrams#match(String, StopGrams)}), and
 * each candidate's text is then checked with {@code LIKE}; a query made of stop grams only is checked
 * row by row in the page's sort order. The set only ever grows, once, so rows indexed before it was
 * decided (all their trigrams) and after (without the stop grams) answer queries alike.
 *
 * <p>Immutable and safe to share: the import's workers read the store's current set.
 */
public final class StopGrams {
    /** The table of the set; the sentinel row {@link #DECIDED} says that the set was decided (it may be empty). */
    static final String TABLE = "text_index_stop_grams";
    /** No trigram hashes to 0 ({@link TextGrams#hash}), so 0 marks the decision. */
    static final int DECIDED = 0;
    /** Rows a chunk needs before its texts decide the set: a small or one-topic sample must not decide it. */
    static final int MIN_ROWS = 1_000;

    /** Not decided yet: every trigram is indexed. */
    public static final StopGrams NONE = new StopGrams(new int[0], false);

    /** Open addressing over the hashes (0 = empty slot; no hash is 0). */
    private final int[] slots;
    private final int size;
    private final boolean decided;

    private StopGrams(int[] hashes, boolean decided) {
        this.decided = decided;
        int capacity = Integer.highestOneBit(Math.max(4, hashes.length) * 4);
        slots = new int[capacity];
        int n = 0;
        for (int h : hashes) {
            if (h != DECIDED && add(h)) {
                n++;
            }
        }
        size = n;
    }

    private boolean add(int h) {
        int mask = slots.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == h) {
                return false;
            }
            if (slots[i] == 0) {
                slots[i] = h;
                return true;
            }
        }
    }

    private static int mix(int h) {
        return (h * 0x9E3779B9) >>> 7;
    }

    /** Whether the trigram of {@code hash} ({@link TextGrams#hash}) is left out of the index. */
    boolean contains(int hash) {
        if (size == 0) {
            return false;
        }
        int mask = slots.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            int v = slots[i];
            if (v == hash) {
                return true;
            }
            if (v == 0) {
                return false;
            }
        }
    }

    /** Whether the set was decided; an undecided store decides it at its first chunk of {@link #MIN_ROWS} rows. */
    boolean decided() {
        return decided;
    }

    /** The number of trigrams left out. */
    public int size() {
        return size;
    }

    /**
     * The set of a chunk's index documents ({@link TextGrams#of}, all trigrams): the trigram hashes in
     * more than half of them. Call with at least {@link #MIN_ROWS} documents.
     */
    static StopGrams decide(List<String> documents) {
        int total = 0;
        for (String d : documents) {
            total += words(d);
        }
        // every document's distinct hashes in one array; sorted, a hash's run length is its document count
        int[] all = new int[total];
        int at = 0;
        for (String d : documents) {
            at = parse(d, all, at);
        }
        Arrays.sort(all);
        int[] stop = new int[64];
        int n = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j] == all[i]) {
                j++;
            }
            if (2L * (j - i) > documents.size()) {
                if (n == stop.length) {
                    stop = Arrays.copyOf(stop, n * 2);
                }
                stop[n++] = all[i];
            }
            i = j;
        }
        return new StopGrams(Arrays.copyOf(stop, n), true);
    }

    private static int words(String document) {
        if (document.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < document.length(); i++) {
            if (document.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** Reads the base-36 words of {@code document} (see {@link TextGrams#word}) into {@code out} from {@code at}. */
    private static int parse(String document, int[] out, int at) {
        long v = 0;
        boolean any = false;
        for (int i = 0; i < document.length(); i++) {
            char c = document.charAt(i);
            if (c == ' ') {
                out[at++] = (int) v;
                v = 0;
                any = false;
            } else {
                v = v * 36 + (c <= '9' ? c - '0' : c - 'a' + 10);
                any = true;
            }
        }
        if (any) {
            out[at++] = (int) v;
        }
        return at;
    }

    /** The set stored in {@code c} (schema 15 or later). */
    static StopGrams load(Connection c) throws SQLException {
        int[] hashes = new int[16];
        int n = 0;
        boolean decided = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT gram FROM " + TABLE)) {
            while (rs.next()) {
                int h = rs.getInt(1);
                if (h == DECIDED) {
                    decided = true;
                } else {
                    if (n == hashes.length) {
                        hashes = Arrays.copyOf(hashes, n * 2);
                    }
                    hashes[n++] = h;
                }
            }
        }
        return new StopGrams(Arrays.copyOf(hashes, n), decided);
    }

    /** Stores this set with its sentinel (inside the caller's transaction). */
    void save(Connection c) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT OR IGNORE INTO " + TABLE + "(gram) VALUES (?)")) {
            ins.setInt(1, DECIDED);
            ins.executeUpdate();
            for (int h : slots) {
                if (h != 0) {
                    ins.setInt(1, h);
                    ins.executeUpdate();
                }
            }
        }
    }
}
