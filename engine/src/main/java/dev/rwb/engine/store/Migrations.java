package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Forward-only schema migrations. The schema version lives in {@code PRAGMA user_version}; each
 * migration moves it by one inside a transaction, so a crash mid-migration leaves the old version.
 */
final class Migrations {

    /**
     * One step of the schema: {@code sql} statements run in order, then {@code data} (if any) moves
     * the rows, then {@code after}; all in one transaction.
     */
    record Migration(int version, String description, List<String> sql, DataStep data, List<String> after) {
        Migration(int version, String description, List<String> sql) {
            this(version, description, sql, null, List.of());
        }
    }

    /** Rewrites rows during a migration, reporting how far it got. */
    interface DataStep {
        void run(Connection c, MigrationProgress progress) throws SQLException;
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "runs, step metrics, trajectories and their token BLOBs", List.of(
                    """
                    CREATE TABLE runs(
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      kind TEXT NOT NULL,
                      status TEXT NOT NULL,
                      config_json TEXT,
                      created_at INTEGER NOT NULL)""",
                    """
                    CREATE TABLE step_metrics(
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      step INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      value REAL,
                      PRIMARY KEY(run_id, step, name)) WITHOUT ROWID""",
                    """
                    CREATE TABLE trajectories(
                      id INTEGER PRIMARY KEY,
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      step INTEGER NOT NULL,
                      prompt_id TEXT NOT NULL,
                      group_id TEXT NOT NULL,
                      sample_index INTEGER NOT NULL,
                      task TEXT NOT NULL,
                      ground_truth TEXT NOT NULL,
                      final_answer TEXT,
                      reward REAL,
                      reward_components TEXT NOT NULL,
                      correct INTEGER NOT NULL,
                      finish_reason TEXT NOT NULL,
                      num_tool_calls INTEGER NOT NULL,
                      length INTEGER NOT NULL,
                      response_length INTEGER NOT NULL,
                      text_only INTEGER NOT NULL,
                      policy_segments TEXT NOT NULL)""",
                    "CREATE INDEX trajectories_run_step ON trajectories(run_id, step)",
                    "CREATE INDEX trajectories_task ON trajectories(task, run_id)",
                    "CREATE INDEX trajectories_reward ON trajectories(reward)",
                    "CREATE INDEX trajectories_group ON trajectories(run_id, step, group_id)",
                    "CREATE INDEX trajectories_finish ON trajectories(finish_reason)",
                    "CREATE INDEX trajectories_tools ON trajectories(num_tool_calls)",
                    """
                    CREATE TABLE trajectory_tokens(
                      trajectory_id INTEGER PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
                      token_ids BLOB NOT NULL, token_text BLOB NOT NULL, role BLOB NOT NULL, turn BLOB NOT NULL,
                      loss_weight BLOB NOT NULL, logprob BLOB NOT NULL, ref_logprob BLOB NOT NULL,
                      entropy BLOB NOT NULL, advantage BLOB NOT NULL, contribution BLOB NOT NULL,
                      clipped BLOB NOT NULL)""")),
            new Migration(2, "trigram full-text index of the decoded text, for 'text contains' filters", List.of(
                    "CREATE VIRTUAL TABLE trajectory_text USING fts5(text, tokenize = 'trigram')")),
            new Migration(3, "indexes for sorting by length and filtering by correctness within a task", List.of(
                    "CREATE INDEX trajectories_length ON trajectories(length)",
                    "CREATE INDEX trajectories_task_correct_reward ON trajectories(task, correct, reward)")),
            new Migration(4, "why a tool, the verifier or the reward failed on a trajectory (it then scored 0); "
                    + "the process that owns a run still being imported", List.of(
                    "ALTER TABLE trajectories ADD COLUMN tool_error TEXT",
                    "ALTER TABLE trajectories ADD COLUMN verifier_error TEXT",
                    "ALTER TABLE runs ADD COLUMN owner_pid INTEGER")),
            new Migration(5, "mask-lint findings per trajectory: code, token positions, message", List.of(
                    """
                    CREATE TABLE trajectory_lints(
                      id INTEGER PRIMARY KEY,
                      trajectory_id INTEGER NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
                      code TEXT NOT NULL,
                      positions TEXT NOT NULL,
                      message TEXT NOT NULL)""",
                    "CREATE INDEX trajectory_lints_trajectory ON trajectory_lints(trajectory_id)",
                    "CREATE INDEX trajectory_lints_code ON trajectory_lints(code)")),
            new Migration(6, "imported sources by content hash, so the same dump is not imported twice by accident", List.of(
                    """
                    CREATE TABLE imports(
                      content_hash TEXT PRIMARY KEY,
                      source TEXT NOT NULL,
                      format TEXT NOT NULL,
                      runs_json TEXT NOT NULL,
                      trajectories INTEGER NOT NULL,
                      imported_at INTEGER NOT NULL)""")),
            new Migration(7, "per-token fields beyond the core schema: the trainer's logprob (importance ratio), "
                    + "prime-rl's mismatch KL, the sampler's top-k alternatives and named loss-weight streams; "
                    + "NULL where a source has none", List.of(
                    "ALTER TABLE trajectory_tokens ADD COLUMN trainer_logprob BLOB",
                    "ALTER TABLE trajectory_tokens ADD COLUMN mismatch_kl BLOB",
                    "ALTER TABLE trajectory_tokens ADD COLUMN top_logprobs BLOB",
                    "ALTER TABLE trajectory_tokens ADD COLUMN loss_streams BLOB")),
            new Migration(8, "compact token payloads (one zstd-compressed BLOB of named arrays per trajectory), "
                    + "the text stored once, and a trigram index without positions over it", List.of(
                    """
                    CREATE TABLE trajectory_payloads(
                      trajectory_id INTEGER PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
                      nan_arrays INTEGER NOT NULL,
                      payload BLOB NOT NULL)""",
                    """
                    CREATE TABLE trajectory_texts(
                      id INTEGER PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
                      text TEXT NOT NULL)"""),
                    PayloadMigration::convert, List.of(
                    "DROP TABLE trajectory_tokens",
                    "DROP TABLE trajectory_text",
                    // detail=none keeps only which rows hold each trigram (no positions): a fraction of the
                    // full index; 'contains' takes the rows holding all of the query's trigrams and checks
                    // the text itself, read from trajectory_texts (external content: the text is stored once).
                    "CREATE VIRTUAL TABLE trajectory_text USING fts5(text, tokenize = 'trigram', detail = none, "
                            + "content = 'trajectory_texts', content_rowid = 'id')",
                    "INSERT INTO trajectory_text(trajectory_text) VALUES ('rebuild')",
                    // the index follows its content table, including rows removed by a cascade from trajectories
                    "CREATE TRIGGER trajectory_texts_insert AFTER INSERT ON trajectory_texts BEGIN "
                            + "INSERT INTO trajectory_text(rowid, text) VALUES (new.id, new.text); END",
                    "CREATE TRIGGER trajectory_texts_delete AFTER DELETE ON trajectory_texts BEGIN "
                            + "INSERT INTO trajectory_text(trajectory_text, rowid, text) VALUES ('delete', old.id, old.text); END",
                    "CREATE TRIGGER trajectory_texts_update AFTER UPDATE ON trajectory_texts BEGIN "
                            + "INSERT INTO trajectory_text(trajectory_text, rowid, text) VALUES ('delete', old.id, old.text); "
                            + "INSERT INTO trajectory_text(rowid, text) VALUES (new.id, new.text); END")),
            new Migration(9, "tags on runs and trajectories, and notes on token spans (append-only)", List.of(
                    """
                    CREATE TABLE tags(
                      id INTEGER PRIMARY KEY,
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      trajectory_id INTEGER REFERENCES trajectories(id) ON DELETE CASCADE,
                      tag TEXT NOT NULL,
                      created_at INTEGER NOT NULL)""",
                    "CREATE INDEX tags_trajectory ON tags(trajectory_id)",
                    "CREATE INDEX tags_tag ON tags(tag, run_id)",
                    """
                    CREATE TABLE notes(
                      id INTEGER PRIMARY KEY,
                      trajectory_id INTEGER NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
                      start_token INTEGER NOT NULL,
                      end_token INTEGER NOT NULL,
                      comment TEXT NOT NULL,
                      created_at INTEGER NOT NULL)""",
                    "CREATE INDEX notes_trajectory ON notes(trajectory_id)")),
            new Migration(10, "indexes that let the table page through a million rows without sorting them all: "
                    + "sort by step, a task's rows by id, a run's rows by id (docs/BENCHMARKS.md, rwb bench store)",
                    List.of(
                    "CREATE INDEX IF NOT EXISTS trajectories_step ON trajectories(step)",
                    "CREATE INDEX IF NOT EXISTS trajectories_task_id ON trajectories(task)",
                    "CREATE INDEX IF NOT EXISTS trajectories_run ON trajectories(run_id)")),
            new Migration(11, "per-run, per-task counts and reward sums kept up to date by triggers, so listing the "
                    + "runs and the tasks reads a few rows instead of scanning every trajectory", RunTaskStats.CREATE),
            new Migration(12, "a cheaper text index: each text's distinct trigrams as words (TextGrams), computed "
                    + "on the import's workers, instead of FTS5's trigram tokenizer on every character", List.of(
                    "DROP TRIGGER IF EXISTS trajectory_texts_insert",
                    "DROP TRIGGER IF EXISTS trajectory_texts_delete",
                    "DROP TRIGGER IF EXISTS trajectory_texts_update",
                    "DROP TABLE IF EXISTS trajectory_text",
                    // contentless (the words are nowhere else), no positions; contentless_delete lets the
                    // trigger below remove a row by its id alone (SQLite 3.43+)
                    "CREATE VIRTUAL TABLE " + TextGrams.TABLE + " USING fts5(grams, tokenize = 'ascii', "
                            + "detail = none, content = '', contentless_delete = 1)"),
                    TextGrams::fill, List.of(
                    // rows come in with their text (WorkbenchStore.insertEncoded) and go with it, a cascade included
                    "CREATE TRIGGER trajectory_texts_delete AFTER DELETE ON trajectory_texts BEGIN "
                            + "DELETE FROM " + TextGrams.TABLE + " WHERE rowid = old.id; END")),
            new Migration(13, "run_task_stats counted in by the writer instead of an insert trigger (a trigger makes "
                    + "every row insert keep a statement journal of the pages it touches)",
                    RunTaskStats.DROP_INSERT_TRIGGER),
            new Migration(14, "each trajectory's largest unmasked |advantage| and |contribution| in its row, indexed "
                    + "by run, so a run's colour scale is two index seeks instead of a read of every payload", List.of(
                    "ALTER TABLE trajectories ADD COLUMN max_abs_advantage REAL NOT NULL DEFAULT 0",
                    "ALTER TABLE trajectories ADD COLUMN max_abs_contribution REAL NOT NULL DEFAULT 0"),
                    SignedRangeScan::fillRowMaxima, List.of(
                    "CREATE INDEX trajectories_run_max_advantage ON trajectories(run_id, max_abs_advantage)",
                    "CREATE INDEX trajectories_run_max_contribution ON trajectories(run_id, max_abs_contribution)")),
            new Migration(15, "the text index's stop grams: trigrams in most rows, decided by the first large chunk "
                    + "written and left out of the index from then on (StopGrams); empty until then", List.of(
                    "CREATE TABLE " + StopGrams.TABLE + "(gram INTEGER PRIMARY KEY)")));


    /** The first version that stores compact payloads ({@link TokenPayload}). */
    static final int COMPACT_PAYLOADS = 8;
    /** The first version with {@link RunTaskStats}. */
    static final int RUN_TASK_STATS = 11;
    /** The first version with {@link TextGrams}' index instead of FTS5's trigram tokenizer. */
    static final int TEXT_GRAMS = 12;
    /** The first version whose writer counts run_task_stats in itself ({@link RunTaskStats.Chunk}). */
    static final int STATS_BY_WRITER = 13;
    /** The first version whose trajectory rows carry their maxima ({@link SignedRangeScan#fromRowMaxima}). */
    static final int ROW_MAXIMA = 14;
    /** The first version with {@link StopGrams}. */
    static final int STOP_GRAMS = 15;

    static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    private Migrations() {
    }

    /** Applies every migration above the DB's version, up to {@code target}; returns the new version. */
    static int migrate(Connection c, int target, TextBackfill backfill, MigrationProgress progress) throws SQLException {
        int current = version(c);
        if (current > latestVersion()) {
            throw new StoreException("the database has schema version " + current
                    + ", newer than this workbench understands (" + latestVersion() + "); upgrade the workbench");
        }
        for (Migration m : ALL) {
            if (m.version() <= current || m.version() > target) {
                continue;
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // another process may have migrated since the version was read: re-read it under the write lock
                if (version(c) >= m.version()) {
                    c.commit();
                    current = m.version();
                    continue;
                }
                for (String sql : m.sql()) {
                    s.execute(sql);
                }
                if (m.version() == 2) {
                    backfill.run(c);
                }
                if (m.data() != null) {
                    progress.progress("schema version " + m.version() + ": " + m.description(), 0, -1);
                    m.data().run(c, progress);
                }
                for (String sql : m.after()) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + m.version());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw new StoreException("migration to schema version " + m.version() + " (" + m.description()
                        + ") failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
            current = m.version();
        }
        return current;
    }

    /** How many migrations with a data step (the slow ones) stand between {@code version} and the latest. */
    static boolean slowMigrationsAfter(int version) {
        return ALL.stream().anyMatch(m -> m.version() > version && m.data() != null);
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    /** Fills the text index for trajectories stored before it existed. */
    interface TextBackfill {
        void run(Connection c) throws SQLException;
    }
}
