package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema 11's {@code run_task_stats}: for each run and task, how many trajectories it has, how
 * many of them have a reward, the sum of those rewards and how many of those are correct. Triggers
 * on {@code trajectories} keep it exact in the same transaction as every insert, delete (a cascade
 * from a deleted run included) and change of run, task, reward or correctness, so opening the
 * inspector reads a few rows instead of every trajectory ({@code listRuns} took 353 ms at 100,000
 * rows by scanning them). Every counter only adds and subtracts, so no trigger ever rescans; a
 * (run, task) whose last trajectory goes is removed, which keeps the task list exact. Step ranges
 * are not kept here: the (run, step) index answers them in one seek each.
 */
final class RunTaskStats {
    /** Whether a trajectory row counts as rewarded, and as a correct verdict (correctness is known only with a reward). */
    private static final String REWARDED = "(%1$s.reward IS NOT NULL)";
    private static final String CORRECT = "(%1$s.reward IS NOT NULL AND %1$s.correct <> 0)";

    static final List<String> CREATE = List.of(
            """
            CREATE TABLE run_task_stats(
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              task TEXT NOT NULL,
              trajectories INTEGER NOT NULL,
              rewarded INTEGER NOT NULL,
              reward_sum REAL NOT NULL,
              correct INTEGER NOT NULL,
              PRIMARY KEY(run_id, task)) WITHOUT ROWID""",
            "INSERT INTO run_task_stats(run_id, task, trajectories, rewarded, reward_sum, correct) "
                    + "SELECT t.run_id, t.task, COUNT(*), SUM" + rewarded("t") + ", TOTAL(t.reward), SUM" + correct("t")
                    + " FROM trajectories t GROUP BY t.run_id, t.task",
            "CREATE TRIGGER trajectories_stats_insert AFTER INSERT ON trajectories BEGIN " + add("new") + " END",
            "CREATE TRIGGER trajectories_stats_delete AFTER DELETE ON trajectories BEGIN " + remove("old") + " END",
            "CREATE TRIGGER trajectories_stats_update AFTER UPDATE OF run_id, task, reward, correct ON trajectories BEGIN "
                    + remove("old") + " " + add("new") + " END");

    private RunTaskStats() {
    }

    /**
     * Schema 13: the insert trigger goes, and {@link WorkbenchStore#insertEncoded} (the only way rows come in
     * from schema 8 on) counts the rows it inserts in ({@link Chunk}), in the same transaction. Any AFTER INSERT
     * trigger on {@code trajectories}, even an empty one, makes SQLite keep a statement journal of every page
     * the insert touches, the table's and its indexes' 32 KB pages: the row insert cost 4-5× more
     * (12,916 rows: 0.86-1.0 CPU s with the trigger, 0.2 s without, Python's sqlite3 on the bench dump's rows),
     * 80 % of an import's writer thread.
     */
    static final List<String> DROP_INSERT_TRIGGER = List.of("DROP TRIGGER IF EXISTS trajectories_stats_insert");

    /**
     * Adds a chunk's counts of one (run, task) at once, with parameters run_id, task, trajectories,
     * rewarded, reward_sum, correct: what the insert trigger did row by row, one upsert a (run, task)
     * a chunk instead of one a row ({@link Chunk}).
     */
    static final String ADD_COUNTS = "INSERT INTO run_task_stats(run_id, task, trajectories, rewarded, reward_sum, "
            + "correct) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(run_id, task) DO UPDATE SET "
            + "trajectories = trajectories + excluded.trajectories, rewarded = rewarded + excluded.rewarded, "
            + "reward_sum = reward_sum + excluded.reward_sum, correct = correct + excluded.correct";

    /**
     * The counts of the rows one {@link WorkbenchStore#insertEncoded} call writes, by (run, task), in
     * first-seen order; {@link #write} adds them with one {@link #ADD_COUNTS} each. The same rules
     * as the trigger: a row is rewarded when its reward is finite (stored, not NULL), correct only when
     * also rewarded. A chunk's rewards are summed first and then added to the stored sum, so the
     * stored sum can differ from a row-by-row sum in its last bits (never for the usual 0/1 rewards).
     */
    static final class Chunk {
        private record Key(long runId, String task) {
        }

        private static final class Counts {
            long trajectories;
            long rewarded;
            double rewardSum;
            long correct;
        }

        private final Map<Key, Counts> counts = new LinkedHashMap<>();

        void add(long runId, String task, double reward, boolean correct) {
            Counts c = counts.computeIfAbsent(new Key(runId, task), k -> new Counts());
            c.trajectories++;
            if (Double.isFinite(reward)) {
                c.rewarded++;
                c.rewardSum += reward;
                if (correct) {
                    c.correct++;
                }
            }
        }

        void write(Connection connection) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(ADD_COUNTS)) {
                for (Map.Entry<Key, Counts> e : counts.entrySet()) {
                    Counts c = e.getValue();
                    ps.setLong(1, e.getKey().runId());
                    ps.setString(2, e.getKey().task());
                    ps.setLong(3, c.trajectories);
                    ps.setLong(4, c.rewarded);
                    ps.setDouble(5, c.rewardSum);
                    ps.setLong(6, c.correct);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** The statement that counts one trajectory row ({@code new}) in. */
    private static String add(String row) {
        return "INSERT INTO run_task_stats(run_id, task, trajectories, rewarded, reward_sum, correct) VALUES ("
                + row + ".run_id, " + row + ".task, 1, " + rewarded(row) + ", coalesce(" + row + ".reward, 0), "
                + correct(row) + ") ON CONFLICT(run_id, task) DO UPDATE SET trajectories = trajectories + 1, "
                + "rewarded = rewarded + excluded.rewarded, reward_sum = reward_sum + excluded.reward_sum, "
                + "correct = correct + excluded.correct;";
    }

    /** The statements that count one trajectory row ({@code old}) out, dropping an emptied (run, task). */
    private static String remove(String row) {
        String key = " WHERE run_id = " + row + ".run_id AND task = " + row + ".task";
        return "UPDATE run_task_stats SET trajectories = trajectories - 1, rewarded = rewarded - " + rewarded(row)
                + ", reward_sum = reward_sum - coalesce(" + row + ".reward, 0), correct = correct - " + correct(row)
                + key + "; DELETE FROM run_task_stats" + key + " AND trajectories <= 0;";
    }

    private static String rewarded(String row) {
        return String.format(REWARDED, row);
    }

    private static String correct(String row) {
        return String.format(CORRECT, row);
    }
}
