package dev.rwb.engine.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause and parameters of a {@link TrajectoryQuery}.
 *
 * @param ranged whether a range criterion is on a column other than the sort column (then
 *               {@link #where(TrajectoryQuery, boolean, boolean)} can write it so that no index serves it)
 */
record QuerySql(String sql, List<Object> params, boolean ranged, boolean textJoined) {

    QuerySql(String sql, List<Object> params, boolean ranged) {
        this(sql, params, ranged, false);
    }

    /**
     * The FROM of a count of this clause: with {@link #TEXT_JOIN} the text index is the outer loop of a join,
     * so its candidates stream in and a capped count stops at its cap (an {@code IN} list of candidates is
     * built whole first: 100,000 rowids for a word in 10 % of a million rows, ~38 ms before the first check).
     */
    String from(boolean noneImporting) {
        return (textJoined ? " FROM " + TextGrams.TABLE + " JOIN trajectories t ON t.id = " + TextGrams.TABLE + ".rowid"
                : " FROM trajectories t") + (noneImporting ? "" : " JOIN runs r ON r.id = t.run_id");
    }

    /** @param compact the store has schema 8's compact layout and schema 12's text index (see {@link #textContains}) */
    static QuerySql where(TrajectoryQuery q, boolean compact) {
        return where(q, compact, false);
    }

    /**
     * @param scanRanges write reward and tool-call ranges on columns other than the sort column as {@code +column},
     *                   which no index serves: SQLite then reads rows in the sort order and filters
     *                   them, stopping after one page, instead of reading the whole range from its
     *                   index and sorting every match (a reward range holding 17 % of a million rows
     *                   is a sort of 170,000). Right for a broad range, wrong for a narrow one: the
     *                   store chooses by counting the matches first (see {@code WorkbenchStore.pageWhere})
     */
    static QuerySql where(TrajectoryQuery q, boolean compact, boolean scanRanges) {
        return where(q, compact, scanRanges ? java.util.Set.of(REWARD, TOOL_CALLS) : java.util.Set.of());
    }

    /** The columns of {@link #where(TrajectoryQuery, boolean, java.util.Set)}'s range criteria. */
    static final String REWARD = "t.reward";
    static final String TOOL_CALLS = "t.num_tool_calls";
    /**
     * In {@code scan}: a {@code contains} whose candidates are many is checked while rows are read in the sort
     * order ({@code +t.id IN (candidates)}, which no rowid lookup serves), instead of its candidates being read,
     * checked and sorted. The store chooses it by counting the candidates; never for the id order, which the
     * candidates' own (sorted) list gives.
     */
    static final String TEXT = "text";
    /** In {@code scan}: a {@code contains} written as a MATCH on the text index joined in ({@link #from}); for counts. */
    static final String TEXT_JOIN = "text join";

    /**
     * @param scan the range columns ({@link #REWARD}, {@link #TOOL_CALLS}) to write as {@code +column} when they
     *             are not the sort column (see {@link #where(TrajectoryQuery, boolean, boolean)}); the store picks
     *             them one by one, by how many rows each range holds
     */
    static QuerySql where(TrajectoryQuery q, boolean compact, java.util.Set<String> scan) {
        return where(q, compact, scan, false);
    }

    /**
     * @param noneImporting no run is being imported (the caller checked, in the same read transaction): the
     *                      clause then needs no join with {@code runs} (a run filter becomes
     *                      {@code t.run_id IN (…)}), so an index on the filtered columns can answer it without
     *                      reading a table row
     */
    static QuerySql where(TrajectoryQuery q, boolean compact, java.util.Set<String> scan, boolean noneImporting) {
        return where(q, compact, scan, noneImporting, StopGrams.NONE);
    }

    /** @param stop the trigrams the text index leaves out (the store's {@link StopGrams}, read with the page) */
    static QuerySql where(TrajectoryQuery q, boolean compact, java.util.Set<String> scan, boolean noneImporting,
                          StopGrams stop) {
        String sortColumn = q.sortField().column;
        boolean[] ranged = {false};
        boolean[] textJoined = {false};
        java.util.function.BiFunction<String, Boolean, String> column = (name, hasRange) -> {
            boolean other = hasRange && !name.equals(sortColumn);
            ranged[0] |= other;
            return scan.contains(name) && other ? "+" + name : name;
        };
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        // a run still being imported is invisible until its last chunk
        if (!noneImporting) {
            clauses.add("r.status <> '" + WorkbenchStore.IMPORTING + "'");
        }
        if (!q.runs().isEmpty()) {
            String names = String.join(", ", java.util.Collections.nCopies(q.runs().size(), "?"));
            clauses.add(noneImporting ? "t.run_id IN (SELECT id FROM runs WHERE name IN (" + names + "))"
                    : "r.name IN (" + names + ")");
            params.addAll(q.runs().stream().sorted().toList());
        }
        // steps are written in order, so a step range is a block of ids: scanning in id order would cross
        // every row before the block; its index (run, step) and a sort of the block serve it better
        range(clauses, params, "t.step", q.minStep(), q.maxStep());
        if (q.task() != null) {
            clauses.add("t.task = ?");
            params.add(q.task());
        }
        range(clauses, params, column.apply(REWARD, q.minReward() != null || q.maxReward() != null),
                q.minReward(), q.maxReward());
        if (q.correct() != null) {
            clauses.add("t.correct = ?");
            params.add(q.correct() ? 1 : 0);
        }
        if (q.finishReason() != null) {
            clauses.add("t.finish_reason = ?");
            params.add(q.finishReason().key());
        }
        range(clauses, params, column.apply(TOOL_CALLS, q.minToolCalls() != null || q.maxToolCalls() != null),
                q.minToolCalls(), q.maxToolCalls());
        if (q.textContains() != null && compact) {
            textJoined[0] = textContains(q.textContains(), stop, clauses, params,
                    scan.contains(TEXT) && !sortColumn.equals("t.id"), scan.contains(TEXT_JOIN));
        } else if (q.textContains() != null) {
            if (q.textContains().codePointCount(0, q.textContains().length()) >= 3) {
                // A phrase of trigrams: the index's position lists find exact substrings without reading the text.
                clauses.add("t.id IN (SELECT rowid FROM trajectory_text WHERE trajectory_text MATCH ?)");
                params.add("\"" + q.textContains().replace("\"", "\"\"") + "\"");
            } else {
                // Trigrams cannot match one or two characters: scan the stored text.
                clauses.add("t.id IN (SELECT rowid FROM trajectory_text WHERE text LIKE ? ESCAPE '\\')");
                params.add("%" + escapeLike(q.textContains()) + "%");
            }
        }
        if (q.lint() != null) {
            if (q.lint().equals(TrajectoryQuery.ANY_LINT)) {
                clauses.add("t.id IN (SELECT trajectory_id FROM trajectory_lints)");
            } else {
                clauses.add("t.id IN (SELECT trajectory_id FROM trajectory_lints WHERE code = ?)");
                params.add(q.lint());
            }
        }
        if (q.tag() != null) {
            clauses.add("(t.id IN (SELECT trajectory_id FROM tags WHERE tag = ?) OR t.run_id IN "
                    + "(SELECT run_id FROM tags WHERE trajectory_id IS NULL AND tag = ?))");
            params.add(q.tag());
            params.add(q.tag());
        }
        if (!q.ids().isEmpty()) {
            clauses.add("t.id IN (" + String.join(", ", java.util.Collections.nCopies(q.ids().size(), "?")) + ")");
            params.addAll(q.ids());
        }
        if (clauses.isEmpty()) {
            clauses.add("1"); // the clause always starts with WHERE: a seek appends "AND …" to it
        }
        return new QuerySql(" WHERE " + String.join(" AND ", clauses), params, ranged[0], textJoined[0]);
    }

    /**
     * Schema 12's index ({@link TextGrams}) holds, per row, a word for each distinct trigram of its text
     * (ASCII case folded, no positions): the rows holding every word of the query's trigrams are the
     * candidates, and LIKE on their text (trajectory_texts) keeps the exact substring matches. Like the
     * index, LIKE ignores ASCII case only; queries shorter than three code points have no trigram and
     * scan the texts. (Schemas 8-11 held FTS5's trigram index instead; a store always migrates past them.)
     * The index leaves out {@code stop}'s trigrams, and so does the query; a query of stop grams only
     * checks each row it reads in the sort order, which stops after a page (such a text is in most rows).
     *
     * @return whether the clause names the text index as a joined table ({@code joined}, and the text has trigrams)
     */
    private static boolean textContains(String text, StopGrams stop, List<String> clauses, List<Object> params,
                                        boolean inSortOrder, boolean joined) {
        String match = TextGrams.match(text, stop);
        if (!TextGrams.hasTrigram(text)) {
            clauses.add("t.id IN (SELECT id FROM trajectory_texts WHERE text LIKE ? ESCAPE '\\')");
        } else if (match == null) {
            clauses.add("(SELECT x.text FROM trajectory_texts x WHERE x.id = t.id) LIKE ? ESCAPE '\\'");
        } else {
            // The candidates come from the index alone (no text read); the exact check reads a row's text only
            // when the query visits that row, so a page in id order or a capped count stops after a few hundred
            // texts. Checking inside the IN list read the text of every match first: a word in 10 % of 236,000
            // rows took 2.7 s for a page, 0.04-0.13 s this way (docs/BENCHMARKS.md).
            clauses.add(joined ? TextGrams.TABLE + " MATCH ?" : (inSortOrder ? "+" : "") + "t.id IN (SELECT rowid FROM "
                    + TextGrams.TABLE + " WHERE " + TextGrams.TABLE + " MATCH ?)");
            params.add(match);
            clauses.add("(SELECT x.text FROM trajectory_texts x WHERE x.id = t.id) LIKE ? ESCAPE '\\'");
        }
        params.add("%" + escapeLike(text) + "%");
        return joined && match != null;
    }

    /**
     * The ORDER BY key of a query: its sort column, or for {@link TrajectoryQuery.SortField#GIVEN_ORDER}
     * the place of the id in the given list ({@code instr} in ",id1,id2,…,"; its parameter is appended).
     */
    static String orderKey(TrajectoryQuery q, List<Object> params) {
        if (q.sortField() != TrajectoryQuery.SortField.GIVEN_ORDER || q.ids().isEmpty()) {
            return q.sortField().column;
        }
        StringBuilder list = new StringBuilder(",");
        q.ids().forEach(id -> list.append(id).append(','));
        params.add(list.toString());
        return "instr(?, ',' || t.id || ',')";
    }

    private static void range(List<String> clauses, List<Object> params, String column, Number min, Number max) {
        if (min != null) {
            clauses.add(column + " >= ?");
            params.add(min);
        }
        if (max != null) {
            clauses.add(column + " <= ?");
            params.add(max);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
