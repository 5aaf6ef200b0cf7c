package dev.rwb.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workbench database (DESIGN §3, §4): runs, step metrics and trajectories in one SQLite file,
 * in WAL mode so the trainer process writes while the GUI reads. Methods are synchronized: one
 * connection per store, shared by the caller's threads.
 */
public final class WorkbenchStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY_COLUMNS = "t.id, r.name, t.step, t.prompt_id, t.group_id, t.sample_index, "
            + "t.task, t.reward, t.correct, t.finish_reason, t.num_tool_calls, t.length, t.response_length, "
            + "t.final_answer, t.ground_truth, t.text_only, ";
    /** The error columns of schema 4, or NULLs in a store kept at an older version (tests of migrations). */
    private static final String ERROR_COLUMNS = "t.tool_error, t.verifier_error";
    private static final String NO_ERROR_COLUMNS = "NULL, NULL";

    private final Path file;
    private final Connection connection;
    private final Map<String, Long> runIds = new HashMap<>();
    private final SignedRangeScan signedRanges = new SignedRangeScan();
    private final TrajectoryCounter counter;
    /**
     * The connection {@link #signedRanges} reads on: a run's first read decodes every payload of the run
     * (34–51 s for 250,000 rows of a 1M-row DB), and on the store's own connection it held the store's
     * lock all that time, so pages and filters waited behind it.
     */
    private final TrajectoryCounter rangesReader;
    /** Status of a run whose import has not finished: hidden from every listing and query until its last chunk. */
    public static final String IMPORTING = "importing";
    /** Page size of a new database file, in bytes. */
    static final int PAGE_SIZE = 32_768;
    /** SQLITE_BUSY after busy_timeout: retry a write transaction with backoff for at most this long. */
    static final long BUSY_RETRY_BUDGET_MS = 120_000;

    private boolean textIndexed;
    /** Whether the {@code imports} table (schema 6) is there; older stores neither find nor record imports. */
    private boolean importLedger;
    private boolean errorColumns;
    /** True while {@link #inTransaction} runs a body: nested calls join its transaction. */
    private boolean inTransaction;
    /** The runs of the chunked import in progress (see {@link #openWriter}), or null. */
    private ImportRuns importing;
    private boolean lintTable;
    /** Whether {@code trajectory_tokens} has the schema-7 columns (trainer logprob, mismatch KL, alternatives, streams). */
    private boolean extraTokenColumns;
    /** Schema 8: token arrays as one compact payload per trajectory, the text stored once. */
    private boolean compact;
    /** Schema 12: the {@code contains} index is {@link TextGrams}' (filled here), not a trigger's trigram index. */
    private boolean textGrams;
    /** Schema 15: the text index leaves out {@link #stopGrams}, decided by the first large chunk written. */
    private boolean stopGramsStored;
    /** Read by the import's workers while the writer may decide it: replaced whole, never changed. */
    private volatile StopGrams stopGrams = StopGrams.NONE;
    /** Schema 13: {@link #insertEncoded} counts each row into run_task_stats (no insert trigger). */
    private boolean statsByWriter;
    /** Schema 14: each trajectory row carries its maxima for the run's colour scale ({@link SignedRangeScan#fromRowMaxima}). */
    private boolean rowMaxima;
    private boolean annotationTables;
    /** Schema 11: per-run, per-task counts kept by triggers ({@link RunTaskStats}). */
    private boolean runTaskStats;

    private WorkbenchStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.counter = new TrajectoryCounter(file);
        this.rangesReader = new TrajectoryCounter(file);
    }

    /** Opens (creating if needed) a workbench DB and migrates it to the latest schema. */
    public static WorkbenchStore open(Path file) {
        return open(file, MigrationProgress.NONE);
    }

    /**
     * Opens (creating if needed) a workbench DB and migrates it to the latest schema, telling
     * {@code progress} how a migration that rewrites rows is getting on. Each migration is one
     * transaction: a crash or an error leaves the database as it was before that migration.
     */
    public static WorkbenchStore open(Path file, MigrationProgress progress) {
        return open(file, Migrations.latestVersion(), 10_000, progress);
    }

    /**
     * Whether opening {@code file} would run a migration that rewrites every trajectory (minutes
     * for a large DB), so a GUI can show a progress dialog first. False for a new or current DB.
     */
    public static boolean needsSlowMigration(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'trajectories'")) {
            return rs.getLong(1) > 0 && Migrations.slowMigrationsAfter(Migrations.version(c));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Opens a DB migrated only up to {@code schemaVersion} (for migration tests). */
    static WorkbenchStore open(Path file, int schemaVersion) {
        return open(file, schemaVersion, 10_000);
    }

    /**
     * Opens a DB whose connection waits at most {@code busyTimeoutMs} for SQLite's write lock (tests).
     * Opening writes too (WAL mode, migrations, removing abandoned imports), so a busy database is
     * retried with backoff like any write.
     */
    static WorkbenchStore open(Path file, int schemaVersion, int busyTimeoutMs) {
        return open(file, schemaVersion, busyTimeoutMs, MigrationProgress.NONE);
    }

    private static WorkbenchStore open(Path file, int schemaVersion, int busyTimeoutMs, MigrationProgress progress) {
        long deadline = System.currentTimeMillis() + BUSY_RETRY_BUDGET_MS;
        long pauseMs = 20;
        while (true) {
            try {
                return openOnce(file, schemaVersion, busyTimeoutMs, progress);
            } catch (StoreException e) {
                if (!isBusy(e) || System.currentTimeMillis() + pauseMs > deadline) {
                    throw e;
                }
            }
            sleep(pauseMs);
            pauseMs = Math.min(2_000, pauseMs * 2);
        }
    }

    private static WorkbenchStore openOnce(Path file, int schemaVersion, int busyTimeoutMs,
                                           MigrationProgress progress) {
        Connection c = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            java.util.Properties props = new java.util.Properties();
            // BEGIN IMMEDIATE: a write transaction takes the write lock up front (waiting up to busy_timeout).
            // With the default deferred BEGIN, a transaction that reads first (run id lookup) and then writes
            // fails at once with SQLITE_BUSY_SNAPSHOT when another process (a second trainer) wrote meanwhile.
            props.setProperty("transaction_mode", "IMMEDIATE");
            // No generated keys: with them on (the driver's default) every INSERT of every statement runs a
            // regex over its SQL and prepares and steps a "SELECT last_insert_rowid()" of its own, four
            // times a trajectory on an import's writer thread. The few inserts that need their row's id
            // ask for it (lastRowId).
            props.setProperty(org.sqlite.SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "false");
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
                // Page size only takes effect on a new file (before the first table). 32 KB since schema 8:
                // a text row is a few KB, and with 8 KB pages two rarely fit, leaving pages a third empty
                // (measured on a verl dump: texts take 26.0 MB in 8 KB pages, 21.0 MB in 32 KB pages for 19.5 MB).
                s.execute("PRAGMA page_size = " + PAGE_SIZE);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                // 128 MiB of page cache instead of SQLite's 2 MiB, taken only as pages are read: a large import
                // keeps the hot pages of nine indexes and the text index in memory (rwb bench store, 8,000
                // rows under load: 664 → 1,392 trajectories/s; the gap grows with the DB)
                s.execute("PRAGMA cache_size = -131072");
                s.execute("PRAGMA foreign_keys = ON");
            }
            WorkbenchStore store = new WorkbenchStore(file, c);
            // The text index arrived with schema version 2.
            int before = Migrations.version(c);
            int version = Migrations.migrate(c, schemaVersion, store::backfillText, progress);
            if (before > 0 && before < Migrations.COMPACT_PAYLOADS && version >= Migrations.COMPACT_PAYLOADS) {
                compactFile(c, progress);
            }
            store.compact = version >= Migrations.COMPACT_PAYLOADS;
            store.textGrams = version >= Migrations.TEXT_GRAMS;
            store.statsByWriter = version >= Migrations.STATS_BY_WRITER;
            store.rowMaxima = version >= Migrations.ROW_MAXIMA;
            store.stopGramsStored = version >= Migrations.STOP_GRAMS;
            if (store.stopGramsStored) {
                store.stopGrams = StopGrams.load(c);
            }
            store.textIndexed = version >= 2;
            store.errorColumns = version >= 4;
            store.importLedger = version >= 6;
            if (store.errorColumns) {
                store.removeAbandonedImports();
            }
            store.lintTable = version >= 5;
            store.extraTokenColumns = version >= 7;
            store.annotationTables = version >= 9;
            store.runTaskStats = version >= Migrations.RUN_TASK_STATS;
            return store;
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open workbench database " + file + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * After the payload migration most of the old file is free pages: VACUUM rewrites it at its new
     * size (atomically, like any transaction). If another connection prevents it, the space is
     * simply reused by later writes.
     */
    private static void compactFile(Connection c, MigrationProgress progress) {
        try (Statement s = c.createStatement()) {
            progress.progress("compacting the database file", 0, -1);
            // A new page size needs VACUUM outside WAL mode, which works only while no one else has the file open.
            try {
                s.execute("PRAGMA journal_mode = DELETE");
                s.execute("PRAGMA page_size = " + PAGE_SIZE);
            } catch (SQLException busy) {
                // keep the old page size
            }
            s.execute("VACUUM");
        } catch (SQLException e) {
            // not an error: the migration is committed, and free pages are reused
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
            } catch (SQLException e) {
                // stays in its journal mode; the next open sets WAL again
            }
        }
    }

    public Path file() {
        return file;
    }

    public synchronized int schemaVersion() {
        try {
            return Migrations.version(connection);
        } catch (SQLException e) {
            throw fail("read the schema version", e);
        }
    }

    // ---------------------------------------------------------------- runs

    /** Creates a run; the name must be new. */
    public synchronized RunInfo createRun(String name, String kind, String configJson) {
        RunNames.check(name);
        if (findRun(name).isPresent()) {
            throw new IllegalArgumentException("a run named '" + name + "' already exists in " + file);
        }
        RunInfo run = inTransaction(() -> insertRun(name, kind, "created", configJson));
        runIds.put(name, run.id());
        return run;
    }

    private RunInfo insertRun(String name, String kind, String status, String configJson) throws SQLException {
        long now = System.currentTimeMillis();
        boolean owned = IMPORTING.equals(status);
        try (PreparedStatement ps = connection.prepareStatement(owned
                        ? "INSERT INTO runs(name, kind, status, config_json, created_at, owner_pid) VALUES (?, ?, ?, ?, ?, ?)"
                        : "INSERT INTO runs(name, kind, status, config_json, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, kind);
            ps.setString(3, status);
            ps.setString(4, configJson);
            ps.setLong(5, now);
            if (owned) {
                ps.setLong(6, ProcessHandle.current().pid());
            }
            ps.executeUpdate();
            return new RunInfo(lastRowId(connection), name, kind, status, configJson, Instant.ofEpochMilli(now));
        } catch (SQLException e) {
            throw fail("create run '" + name + "'", e);
        }
    }

    public synchronized Optional<RunInfo> findRun(String name) {
        return queryRuns("WHERE name = ?", name).stream().findFirst();
    }

    public synchronized RunInfo run(long id) {
        return queryRuns("WHERE id = ?", id).stream().findFirst()
                .orElseThrow(() -> new StoreException("no run with id " + id + " in " + file));
    }

    public synchronized void setRunStatus(long runId, String status) {
        inTransaction(() -> {
            update("UPDATE runs SET status = ? WHERE id = ?", status, runId);
            return null;
        });
    }

    public synchronized void setRunConfig(long runId, String configJson) {
        inTransaction(() -> {
            update("UPDATE runs SET config_json = ? WHERE id = ?", configJson, runId);
            return null;
        });
    }

    /** The earlier import of a source with this content hash, if the DB remembers one. */
    public synchronized Optional<ImportRecord> findImport(String contentHash) {
        if (!importLedger) {
            return Optional.empty();
        }
        try (PreparedStatement ps = prepare("SELECT content_hash, source, format, runs_json, trajectories, imported_at "
                + "FROM imports WHERE content_hash = ?", List.of(contentHash)); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            List<String> runs = JSON.readValue(rs.getString(4), new TypeReference<List<String>>() { });
            return Optional.of(new ImportRecord(rs.getString(1), rs.getString(2), rs.getString(3), runs, rs.getLong(5),
                    Instant.ofEpochMilli(rs.getLong(6))));
        } catch (SQLException e) {
            throw fail("read imports", e);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt runs_json in imports for " + contentHash, e);
        }
    }

    /** Remembers a finished import by its content hash (a forced re-import replaces the earlier record). */
    public synchronized void recordImport(ImportRecord record) {
        if (importLedger) {
            update("INSERT OR REPLACE INTO imports(content_hash, source, format, runs_json, trajectories, imported_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", record.contentHash(), record.source(), record.format(),
                    writeJson(record.runs()), record.trajectories(), record.importedAt().toEpochMilli());
        }
    }

    /**
     * Every run with counts over its trajectories and metric steps, oldest first. From schema 11 the
     * counts and reward means come from {@link RunTaskStats} and the step range from the (run, step)
     * index: a few rows per run, whatever the number of trajectories.
     */
    public synchronized List<RunSummary> listRuns() {
        String sql = runTaskStats
                ? "SELECT r.id, r.name, r.kind, r.status, r.config_json, r.created_at, "
                + "COALESCE(s.n, 0), (SELECT MIN(t.step) FROM trajectories t WHERE t.run_id = r.id), "
                + "(SELECT MAX(t.step) FROM trajectories t WHERE t.run_id = r.id), "
                // correctness is known only where a reward was recorded: a dump without rewards has no verdicts
                + "CASE WHEN s.rewarded > 0 THEN s.reward_sum / s.rewarded END, "
                + "CASE WHEN s.rewarded > 0 THEN CAST(s.correct AS REAL) / s.rewarded END, "
                + "(SELECT COUNT(DISTINCT m.step) FROM step_metrics m WHERE m.run_id = r.id) "
                + "FROM runs r LEFT JOIN (SELECT run_id, SUM(trajectories) AS n, SUM(rewarded) AS rewarded, "
                + "SUM(reward_sum) AS reward_sum, SUM(correct) AS correct FROM run_task_stats GROUP BY run_id) s "
                + "ON s.run_id = r.id WHERE r.status <> '" + IMPORTING + "' ORDER BY r.id"
                : "SELECT r.id, r.name, r.kind, r.status, r.config_json, r.created_at, "
                + "COUNT(t.id), MIN(t.step), MAX(t.step), AVG(t.reward), "
                + "AVG(CASE WHEN t.reward IS NULL THEN NULL ELSE t.correct END), "
                + "(SELECT COUNT(DISTINCT m.step) FROM step_metrics m WHERE m.run_id = r.id) "
                + "FROM runs r LEFT JOIN trajectories t ON t.run_id = r.id WHERE r.status <> '" + IMPORTING + "' "
                + "GROUP BY r.id ORDER BY r.id";
        List<RunSummary> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long count = rs.getLong(7);
                double meanReward = rs.getDouble(10);
                meanReward = rs.wasNull() ? Double.NaN : meanReward;
                double accuracy = rs.getDouble(11);
                accuracy = rs.wasNull() ? Double.NaN : accuracy;
                out.add(new RunSummary(runInfo(rs), count, rs.getInt(8), rs.getInt(9), meanReward, accuracy,
                        rs.getLong(12)));
            }
            return out;
        } catch (SQLException e) {
            throw fail("list runs", e);
        }
    }

    /**
     * The folder that holds a run's checkpoints: {@code <db>.checkpoints/run-<id>}, next to the DB and
     * keyed by the run's id, so that no run name can point anywhere else. A run stored before this
     * layout keeps its old folder {@code <db>.checkpoints/<name>} while that exists and the name is a
     * plain folder name.
     */
    public Path checkpointFolder(RunInfo run) {
        Path byId = checkpointsRoot().resolve("run-" + run.id());
        Path legacy = legacyCheckpointFolder(run.name());
        return !Files.exists(byId) && legacy != null && Files.isDirectory(legacy) ? legacy : byId;
    }

    private Path checkpointsRoot() {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".checkpoints");
    }

    /** The name-keyed folder of the old layout, or null when the name is not one plain folder name. */
    private Path legacyCheckpointFolder(String name) {
        Path root = checkpointsRoot();
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..") || name.contains("\u0000")) {
            return null;
        }
        Path p = root.resolve(name).normalize();
        return root.equals(p.getParent()) ? p : null;
    }

    /**
     * Deletes a run with everything it owns: its metrics, trajectories, their text index and its
     * checkpoint folder, all or nothing. The folder is first moved aside; if the database delete
     * fails it is moved back, and only after the delete has committed is it removed from disk.
     *
     * @throws StoreException when there is no such run or it cannot be deleted (then nothing changed)
     */
    public synchronized void deleteRun(long runId) {
        RunInfo run = run(runId);
        List<Path> folders = new ArrayList<>();
        folders.add(checkpointsRoot().resolve("run-" + runId));
        Path legacy = legacyCheckpointFolder(run.name());
        if (legacy != null) {
            folders.add(legacy);
        }
        List<Path[]> moved = new ArrayList<>();
        try {
            for (Path f : folders) {
                if (Files.exists(f)) {
                    Path aside = f.resolveSibling(f.getFileName() + ".deleting");
                    deleteTree(aside);
                    Files.move(f, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    moved.add(new Path[] {f, aside});
                }
            }
            deleteRunRows(runId);
        } catch (java.io.IOException | RuntimeException e) {
            for (Path[] m : moved) {
                try {
                    Files.move(m[1], m[0], java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.io.IOException back) {
                    e.addSuppressed(back);
                }
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot delete run '" + run.name() + "' (nothing was deleted): " + e.getMessage(), e);
        }
        for (Path[] m : moved) {
            try {
                deleteTree(m[1]);
            } catch (java.io.IOException e) {
                // the run is gone from the DB; a leftover ".deleting" folder holds no run any more
            }
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Deletes a run's rows (metrics and trajectories cascade) and its text index entries. */
    private void deleteRunRows(long runId) {
        inTransaction(() -> {
            if (textIndexed && !compact) {
                update("DELETE FROM trajectory_text WHERE rowid IN (SELECT id FROM trajectories WHERE run_id = ?)",
                        runId);
            }
            update("DELETE FROM runs WHERE id = ?", runId);
            runIds.values().removeIf(v -> v == runId);
            return null;
        });
    }

    // ---------------------------------------------------------------- step metrics

    /** Records (or replaces) the metrics of one step. */
    public synchronized void addStepMetrics(long runId, int step, Map<String, Double> metrics) {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT OR REPLACE INTO step_metrics(run_id, step, name, value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> e : metrics.entrySet()) {
                    ps.setLong(1, runId);
                    ps.setInt(2, step);
                    ps.setString(3, e.getKey());
                    Double v = e.getValue();
                    if (v == null || !Double.isFinite(v)) {
                        ps.setNull(4, java.sql.Types.REAL);
                    } else {
                        ps.setDouble(4, v);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Runs {@code work} (calls on this store) in one transaction: all of its writes or, on any
     * exception, none. The trainer commits a step's metrics, trajectories and checkpoint pointer this way.
     */
    public synchronized void atomically(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** The name prefix of the warm start's step metrics ({@code warm_start/loss}): their steps count warm-start steps. */
    public static final String WARM_START_METRICS = "warm_start/";

    /**
     * Deletes the metrics and trajectories of the RL steps after {@code step} (a resumed run redoes
     * them); the warm start's curve ({@value #WARM_START_METRICS}…, numbered by warm-start step) stays.
     */
    public synchronized void deleteStepsAfter(long runId, int step) {
        inTransaction(() -> {
            if (textIndexed && !compact) {
                update("DELETE FROM trajectory_text WHERE rowid IN (SELECT id FROM trajectories WHERE run_id = ? AND step > ?)",
                        runId, step);
            }
            update("DELETE FROM trajectories WHERE run_id = ? AND step > ?", runId, step);
            update("DELETE FROM step_metrics WHERE run_id = ? AND step > ? AND substr(name, 1, ?) <> ?", runId, step,
                    WARM_START_METRICS.length(), WARM_START_METRICS);
            return null;
        });
    }

    /** Deletes the warm start's metrics after warm-start step {@code step} (a resumed warm start redoes them). */
    public synchronized void deleteWarmStartMetricsAfter(long runId, int step) {
        inTransaction(() -> {
            update("DELETE FROM step_metrics WHERE run_id = ? AND step > ? AND substr(name, 1, ?) = ?", runId, step,
                    WARM_START_METRICS.length(), WARM_START_METRICS);
            return null;
        });
    }

    public synchronized List<StepMetric> stepMetrics(long runId) {
        return stepMetrics(runId, Integer.MIN_VALUE);
    }

    /** Metrics of the steps after {@code afterStep}, for live refresh; ordered by step then name. */
    public synchronized List<StepMetric> stepMetrics(long runId, int afterStep) {
        List<StepMetric> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT step, name, value FROM step_metrics WHERE run_id = ? AND step > ? ORDER BY step, name")) {
            ps.setLong(1, runId);
            ps.setInt(2, afterStep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int step = rs.getInt(1);
                    String name = rs.getString(2);
                    double v = rs.getDouble(3);
                    out.add(new StepMetric(step, name, rs.wasNull() ? Double.NaN : v));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read step metrics of run " + runId, e);
        }
    }

    /**
     * Metrics of the steps after {@code afterStep} whose name starts with {@code namePrefix}
     * ({@code withPrefix}) or does not ({@code !withPrefix}), ordered by step then name. A run's
     * warm start counts its own steps ({@code warm_start/loss} at warm-start step 1..N) beside the RL
     * steps, so a live reader follows each series with its own cursor.
     */
    public synchronized List<StepMetric> stepMetrics(long runId, int afterStep, String namePrefix, boolean withPrefix) {
        List<StepMetric> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT step, name, value FROM step_metrics WHERE run_id = ? AND step > ? "
                        + "AND (substr(name, 1, ?) = ?) = ? ORDER BY step, name")) {
            ps.setLong(1, runId);
            ps.setInt(2, afterStep);
            ps.setInt(3, namePrefix.length());
            ps.setString(4, namePrefix);
            ps.setInt(5, withPrefix ? 1 : 0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(3);
                    out.add(new StepMetric(rs.getInt(1), rs.getString(2), rs.wasNull() ? Double.NaN : v));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read step metrics of run " + runId, e);
        }
    }

    // ---------------------------------------------------------------- trajectories

    /** Stores one trajectory (its run is found by name and created with kind "import" if missing). */
    public synchronized long insert(Trajectory t) {
        return insertAll(List.of(t)).get(0);
    }

    /** Stores trajectories in one transaction: all of them or, on any failure, none. */
    public synchronized List<Long> insertAll(List<Trajectory> trajectories) {
        if (compact) {
            List<EncodedTrajectory> encoded = new ArrayList<>(trajectories.size());
            StopGrams stop = stopGrams;
            for (Trajectory t : trajectories) {
                encoded.add(EncodedTrajectory.of(t, t.tokens().text(), stop));
            }
            return insertEncoded(encoded);
        }
        return inTransaction(() -> {
            List<Long> ids = new ArrayList<>(trajectories.size());
            try (PreparedStatement row = connection.prepareStatement(
                    "INSERT INTO trajectories(run_id, step, prompt_id, group_id, sample_index, task, ground_truth, "
                            + "final_answer, reward, reward_components, correct, finish_reason, num_tool_calls, "
                            + "length, response_length, text_only, policy_segments"
                            + (errorColumns ? ", tool_error, verifier_error) " : ") ")
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (errorColumns ? ", ?, ?)" : ")"));
                 PreparedStatement tokens = connection.prepareStatement(
                         "INSERT INTO trajectory_tokens(trajectory_id, token_ids, token_text, role, turn, loss_weight, "
                                 + "logprob, ref_logprob, entropy, advantage, contribution, clipped"
                                 + (extraTokenColumns ? ", trainer_logprob, mismatch_kl, top_logprobs, loss_streams" : "")
                                 + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (extraTokenColumns ? ", ?, ?, ?, ?)" : ")"));
                 PreparedStatement text = connection.prepareStatement(textIndexed
                         ? "INSERT INTO trajectory_text(rowid, text) VALUES (?, ?)" : "SELECT ?, ?")) {
                for (Trajectory t : trajectories) {
                    long runId = runIdCreatingIfMissing(t.run());
                    bindRow(row, runId, t, t.tokens().length(), t.responseLength());
                    row.executeUpdate();
                    long id = lastRowId(connection);
                    bindTokens(tokens, id, t.tokens(), extraTokenColumns);
                    tokens.executeUpdate();
                    if (textIndexed) {
                        text.setLong(1, id);
                        text.setString(2, t.tokens().text());
                        text.executeUpdate();
                    }
                    ids.add(id);
                }
            }
            return ids;
        });
    }

    /**
     * Stores trajectories encoded elsewhere ({@link EncodedTrajectory#of}, e.g. on other cores) in one
     * transaction, all of them or none: the rows an import's chunk writes, visible at once. Needs
     * schema 8 or later.
     */
    public synchronized List<Long> insertEncoded(List<EncodedTrajectory> trajectories) {
        StopGrams[] decided = {null};
        // only a transaction of its own decides: an outer one could still roll the decision back
        boolean decides = stopGramsStored && textGrams && !inTransaction && trajectories.size() >= StopGrams.MIN_ROWS;
        List<Long> written = inTransaction(() -> {
            List<Long> ids = new ArrayList<>(trajectories.size());
            RunTaskStats.Chunk counts = new RunTaskStats.Chunk();
            // ids given, not asked for: the rows take the next ids after the largest, as SQLite would
            // number them, without a SELECT last_insert_rowid() a row (inside this write transaction
            // nothing else inserts)
            long nextId = maxTrajectoryId() + 1;
            String insertRow = rowMaxima ? INSERT_ROW_WITH_MAXIMA : INSERT_ROW;
            // the id is the statement's last parameter
            int idParameter = (int) insertRow.chars().filter(c -> c == '?').count();
            try (PreparedStatement row = connection.prepareStatement(insertRow);
                 PreparedStatement payload = connection.prepareStatement(
                         "INSERT INTO trajectory_payloads(trajectory_id, nan_arrays, payload) VALUES (?, ?, ?)");
                 PreparedStatement text = connection.prepareStatement("INSERT INTO trajectory_texts(id, text) VALUES (?, ?)");
                 PreparedStatement grams = connection.prepareStatement(textGrams
                         ? "INSERT INTO " + TextGrams.TABLE + "(rowid, grams) VALUES (?, ?)" : "SELECT ?, ?")) {
                for (EncodedTrajectory e : trajectories) {
                    long runId = runIdCreatingIfMissing(e.run());
                    long id = nextId++;
                    bindRow(row, runId, e.header, e.length, e.responseLength);
                    if (rowMaxima) {
                        row.setDouble(20, e.maxAbsAdvantage);
                        row.setDouble(21, e.maxAbsContribution);
                    }
                    row.setLong(idParameter, id);
                    row.executeUpdate();
                    payload.setLong(1, id);
                    payload.setLong(2, e.nanMask);
                    payload.setBytes(3, e.payload);
                    payload.executeUpdate();
                    text.setLong(1, id);
                    text.setString(2, e.text);
                    text.executeUpdate();
                    if (textGrams) {
                        grams.setLong(1, id);
                        grams.setString(2, e.grams);
                        grams.executeUpdate();
                    }
                    if (statsByWriter) {
                        counts.add(runId, e.header.task(), e.header.reward(), e.header.correct());
                    }
                    ids.add(id);
                }
            }
            if (statsByWriter) {
                counts.write(connection);
            }
            if (decides && !stopGrams.decided()) {
                // under the write lock: another process may have decided it since this store read it
                StopGrams inDb = StopGrams.load(connection);
                if (inDb.decided()) {
                    decided[0] = inDb;
                } else {
                    // this chunk's documents hold every trigram (none is left out before the decision)
                    List<String> documents = new ArrayList<>(trajectories.size());
                    trajectories.forEach(e -> documents.add(e.grams));
                    decided[0] = StopGrams.decide(documents);
                    decided[0].save(connection);
                }
            }
            return ids;
        });
        if (decided[0] != null) {
            // committed with the chunk: the workers leave these trigrams out from now on
            stopGrams = decided[0];
        }
        return written;
    }

    /**
     * The trigrams the text index leaves out ({@link StopGrams}), for encoding trajectories to write
     * ({@link EncodedTrajectory#of(Trajectory, String, StopGrams)}); {@link StopGrams#NONE} until decided.
     */
    public StopGrams stopGrams() {
        return stopGrams;
    }

    private long maxTrajectoryId() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM trajectories")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static final String INSERT_ROW = "INSERT INTO trajectories(run_id, step, prompt_id, group_id, sample_index, "
            + "task, ground_truth, final_answer, reward, reward_components, correct, finish_reason, num_tool_calls, "
            + "length, response_length, text_only, policy_segments, tool_error, verifier_error, id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ROW_WITH_MAXIMA = INSERT_ROW
            .replace("verifier_error, id)", "verifier_error, max_abs_advantage, max_abs_contribution, id)")
            .replace("?, ?)", "?, ?, ?, ?)");

    /**
     * Opens a writer for an import too large to hold in memory or in one transaction. It commits
     * every batch on its own, so the import never holds SQLite's write lock for long (a concurrent
     * trainer keeps writing), yet the user still sees all or nothing: the runs it writes have status
     * {@link #IMPORTING} and are hidden from {@link #listRuns}, {@link #query} and {@link #tasks}
     * until {@link TrajectoryWriter#commit()} reveals them in one short transaction. Trajectories for
     * a run that already exists go to a hidden staging run and move into it at the commit. Closing
     * the writer without committing deletes everything it wrote; a run left {@code importing} by a
     * killed process is deleted the next time the database is opened. One writer at a time.
     *
     * @param batchSize trajectories per committed chunk (bounds the memory held and the lock time)
     */
    public synchronized TrajectoryWriter openWriter(int batchSize) {
        return openWriter(batchSize, Long.MAX_VALUE);
    }

    /**
     * {@link #openWriter(int)} with chunks that end at {@code maxTrajectories} or at {@code maxBytes}
     * of stored text and payload, whichever comes first. Committing by bytes keeps both the memory of
     * a chunk and the time the write lock is held about the same for short and long trajectories.
     */
    public synchronized TrajectoryWriter openWriter(int maxTrajectories, long maxBytes) {
        if (maxTrajectories < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + maxTrajectories + " trajectories, "
                    + maxBytes + " bytes");
        }
        if (importing != null) {
            throw new IllegalStateException("an import is already writing to " + file);
        }
        if (!errorColumns) {
            throw new IllegalStateException("imports need schema version 4 or later");
        }
        if (!compact) {
            throw new IllegalStateException("imports need schema version " + Migrations.COMPACT_PAYLOADS + " or later");
        }
        importing = new ImportRuns();
        if (textGrams) {
            TextGrams.configureForBulkWrites(connection);
        }
        return new TrajectoryWriter(this, maxTrajectories, maxBytes);
    }

    /** Ends the writer's import: reveal its runs, or delete everything it wrote. */
    synchronized void finishImport(boolean commit) {
        ImportRuns runs = importing;
        importing = null;
        if (runs == null) {
            return;
        }
        if (commit) {
            inTransaction(() -> {
                for (Map.Entry<Long, Long> e : runs.stagingToTarget.entrySet()) {
                    update("UPDATE trajectories SET run_id = ? WHERE run_id = ?", e.getValue(), e.getKey());
                    update("DELETE FROM runs WHERE id = ?", e.getKey());
                }
                for (long id : runs.created) {
                    update("UPDATE runs SET status = 'created', owner_pid = NULL WHERE id = ?", id);
                }
                return null;
            });
        } else {
            for (long id : runs.stagingToTarget.keySet()) {
                deleteRunRows(id);
            }
            for (long id : runs.created) {
                deleteRunRows(id);
            }
        }
    }

    /** Deletes runs left {@code importing} by a process that is gone (an import killed mid-way). */
    private void removeAbandonedImports() {
        List<Long> abandoned = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, owner_pid FROM runs WHERE status = ?")) {
            ps.setString(1, IMPORTING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pid = rs.getLong(2);
                    boolean alive = !rs.wasNull() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        abandoned.add(rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw fail("look for abandoned imports", e);
        }
        abandoned.forEach(this::deleteRunRows);
    }

    /** Runs written by the chunked import in progress. */
    private static final class ImportRuns {
        /** Run name in the trajectories → id of the (hidden) run their rows go to. */
        final Map<String, Long> byName = new HashMap<>();
        /** Hidden staging run → the existing run it is merged into at the commit. */
        final Map<Long, Long> stagingToTarget = new LinkedHashMap<>();
        /** Runs this import created (hidden until the commit). */
        final List<Long> created = new ArrayList<>();
    }

    /**
     * Replaces some per-token float arrays of one stored trajectory, all in one transaction: each
     * array must have one value per stored token, else nothing is written. The token ids, texts,
     * roles and the other arrays stay as they are.
     *
     * @throws StoreException when there is no such trajectory or an array's length is wrong
     */
    public synchronized void updateTokenFloats(long trajectoryId, Map<TokenFloatColumn, float[]> arrays) {
        if (arrays.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            int tokens;
            try (PreparedStatement ps = connection.prepareStatement("SELECT length FROM trajectories WHERE id = ?")) {
                ps.setLong(1, trajectoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("no trajectory with id " + trajectoryId + " in " + file);
                    }
                    tokens = rs.getInt(1);
                }
            }
            for (Map.Entry<TokenFloatColumn, float[]> e : arrays.entrySet()) {
                if (e.getValue().length != tokens) {
                    throw new StoreException("trajectory " + trajectoryId + " in " + file + ": field " + e.getKey().column()
                            + " has " + e.getValue().length + " values for " + tokens + " tokens");
                }
            }
            if (compact) {
                rewritePayload(trajectoryId, arrays);
                signedRanges.forget();
                return null;
            }
            StringBuilder sql = new StringBuilder("UPDATE trajectory_tokens SET ");
            List<float[]> values = new ArrayList<>();
            for (Map.Entry<TokenFloatColumn, float[]> e : arrays.entrySet()) {
                if (e.getValue().length != tokens) {
                    throw new StoreException("trajectory " + trajectoryId + " in " + file + ": field " + e.getKey().column()
                            + " has " + e.getValue().length + " values for " + tokens + " tokens");
                }
                sql.append(values.isEmpty() ? "" : ", ").append(e.getKey().column()).append(" = ?");
                values.add(e.getValue());
            }
            sql.append(" WHERE trajectory_id = ?");
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    ps.setBytes(i + 1, TokenBlobs.floats(values.get(i)));
                }
                ps.setLong(values.size() + 1, trajectoryId);
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("trajectory " + trajectoryId + " in " + file + " has no token arrays");
                }
            }
            // Same rows, new values: the cached advantage/contribution ranges may be stale.
            signedRanges.forget();
            return null;
        });
    }

    /** Decodes one payload, replaces some float arrays and writes it back (in the caller's transaction). */
    private void rewritePayload(long trajectoryId, Map<TokenFloatColumn, float[]> arrays) throws SQLException {
        TokenArrays old;
        try (PreparedStatement ps = connection.prepareStatement("SELECT p.payload, x.text FROM trajectory_payloads p "
                + "JOIN trajectory_texts x ON x.id = p.trajectory_id WHERE p.trajectory_id = ?")) {
            ps.setLong(1, trajectoryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("trajectory " + trajectoryId + " in " + file + " has no token arrays");
                }
                old = PayloadFields.tokens(TokenPayload.decode(rs.getBytes(1)), rs.getString(2));
            }
        }
        TokenArrays a = new TokenArrays(old.tokenIds(), old.tokenText(), old.roles(), old.turns(),
                arrays.getOrDefault(TokenFloatColumn.LOSS_WEIGHT, old.lossWeights()),
                arrays.getOrDefault(TokenFloatColumn.LOGPROB, old.logprobs()),
                arrays.getOrDefault(TokenFloatColumn.REF_LOGPROB, old.refLogprobs()),
                arrays.getOrDefault(TokenFloatColumn.ENTROPY, old.entropies()),
                arrays.getOrDefault(TokenFloatColumn.ADVANTAGE, old.advantages()),
                arrays.getOrDefault(TokenFloatColumn.CONTRIBUTION, old.contributions()), old.clipped(),
                old.trainerLogprobs(), old.mismatchKl(), old.topLogprobs(), old.lossStreams());
        update("UPDATE trajectory_payloads SET nan_arrays = ?, payload = ? WHERE trajectory_id = ?",
                PayloadFields.nanMask(a), TokenPayload.encode(a.length(), PayloadFields.arrays(a)), trajectoryId);
        if (rowMaxima) {
            update("UPDATE trajectories SET max_abs_advantage = ?, max_abs_contribution = ? WHERE id = ?",
                    SignedRanges.maxAbsUnmasked(a.advantages(), a.lossWeights()),
                    SignedRanges.maxAbsUnmasked(a.contributions(), a.lossWeights()), trajectoryId);
        }
    }

    /** Loads one trajectory with all its per-token arrays. */
    public synchronized Trajectory load(long id) {
        if (compact) {
            return loadCompact(id);
        }
        String sql = "SELECT r.name, t.step, t.prompt_id, t.group_id, t.sample_index, t.task, t.ground_truth, "
                + "t.final_answer, t.reward, t.reward_components, t.correct, t.finish_reason, t.num_tool_calls, "
                + "t.text_only, t.policy_segments, k.token_ids, k.token_text, k.role, k.turn, k.loss_weight, "
                + "k.logprob, k.ref_logprob, k.entropy, k.advantage, k.contribution, k.clipped, "
                + (errorColumns ? ERROR_COLUMNS : NO_ERROR_COLUMNS) + ", "
                + (extraTokenColumns ? "k.trainer_logprob, k.mismatch_kl, k.top_logprobs, k.loss_streams"
                        : "NULL, NULL, NULL, NULL")
                + " FROM trajectories t JOIN runs r ON r.id = t.run_id "
                + "JOIN trajectory_tokens k ON k.trajectory_id = t.id WHERE t.id = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no trajectory with id " + id + " in " + file);
                }
                int[] ids = TokenBlobs.ints(rs.getBytes(16));
                TokenArrays tokens = new TokenArrays(ids, TokenBlobs.strings(rs.getBytes(17), ids.length),
                        TokenBlobs.roles(rs.getBytes(18)), TokenBlobs.ints(rs.getBytes(19)),
                        TokenBlobs.floats(rs.getBytes(20)), TokenBlobs.floats(rs.getBytes(21)),
                        TokenBlobs.floats(rs.getBytes(22)), TokenBlobs.floats(rs.getBytes(23)),
                        TokenBlobs.floats(rs.getBytes(24)), TokenBlobs.floats(rs.getBytes(25)),
                        TokenBlobs.booleans(rs.getBytes(26)), TokenBlobs.floatsOrNaN(rs.getBytes(29), ids.length),
                        TokenBlobs.floatsOrNaN(rs.getBytes(30), ids.length),
                        TokenBlobs.topLogprobs(rs.getBytes(31), ids.length),
                        TokenBlobs.streams(rs.getBytes(32), ids.length));
                return trajectory(id, rs, tokens, 27);
            }
        } catch (SQLException e) {
            throw fail("load trajectory " + id, e);
        }
    }

    private static final String LOAD_COLUMNS = "SELECT r.name, t.step, t.prompt_id, t.group_id, t.sample_index, t.task, "
            + "t.ground_truth, t.final_answer, t.reward, t.reward_components, t.correct, t.finish_reason, "
            + "t.num_tool_calls, t.text_only, t.policy_segments, ";

    private Trajectory loadCompact(long id) {
        String sql = LOAD_COLUMNS + "p.payload, x.text, t.tool_error, t.verifier_error"
                + " FROM trajectories t JOIN runs r ON r.id = t.run_id "
                + "JOIN trajectory_payloads p ON p.trajectory_id = t.id JOIN trajectory_texts x ON x.id = t.id WHERE t.id = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no trajectory with id " + id + " in " + file);
                }
                TokenArrays tokens = PayloadFields.tokens(TokenPayload.decode(rs.getBytes(16)), rs.getString(17));
                return trajectory(id, rs, tokens, 18);
            }
        } catch (SQLException e) {
            throw fail("load trajectory " + id, e);
        } catch (StoreException e) {
            // a payload that does not decode: say which trajectory of which file
            throw new StoreException("trajectory " + id + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A trajectory from the first 15 columns of {@link #LOAD_COLUMNS} and the two error columns at {@code errors}. */
    private static Trajectory trajectory(long id, ResultSet rs, TokenArrays tokens, int errors) throws SQLException {
        double reward = rs.getDouble(9);
        if (rs.wasNull()) {
            reward = Double.NaN;
        }
        return new Trajectory(id, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8), reward,
                readComponents(rs.getString(10)), rs.getInt(11) != 0,
                FinishReason.parse(rs.getString(12)), rs.getInt(13), rs.getInt(14) != 0,
                readSegments(rs.getString(15)), tokens, rs.getString(errors), rs.getString(errors + 1));
    }

    /** One page of trajectories matching a filter, with the total count. */
    public synchronized TrajectoryPage query(TrajectoryQuery q) {
        String from = " FROM trajectories t JOIN runs r ON r.id = t.run_id";
        try {
            QuerySql where = where(q, java.util.Set.of(), false);
            List<TrajectorySummary> rows = readPage(q, pageWhere(q, where)).rows();
            long total;
            if (q.offset() == 0 && q.seek() == null && rows.size() < q.limit()) {
                total = rows.size();
            } else {
                try (PreparedStatement ps = prepare("SELECT COUNT(*)" + from + where.sql(), where.params());
                     ResultSet rs = ps.executeQuery()) {
                    total = rs.getLong(1);
                }
            }
            return new TrajectoryPage(rows, total);
        } catch (SQLException e) {
            throw fail("query trajectories", e);
        }
    }

    /**
     * One page of trajectories matching a filter without counting them: the GUI's table pages
     * through a million rows this way and counts once, in the background ({@link #count}). A page
     * next to one already shown is best read by seeking ({@link TrajectoryQuery.Builder#pageAfter},
     * {@link TrajectoryQuery.Builder#pageBefore}): its cost does not grow with its depth.
     */
    public synchronized TrajectoryRows rows(TrajectoryQuery q) {
        try {
            return inReadTransaction(() -> {
                // Nearly always no run is being imported: the filter then needs no join with runs, and the page's
                // ids are chosen from the indexes alone (see readPage). Checked in the same read transaction as the
                // page, so a run whose import starts meanwhile stays hidden.
                boolean noneImporting = !anyImporting();
                return readPage(q, pageWhere(q, where(q, java.util.Set.of(), noneImporting), noneImporting),
                        noneImporting);
            });
        } catch (SQLException e) {
            throw fail("query trajectories", e);
        }
    }

    private boolean anyImporting() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM runs WHERE status = ?)")) {
            ps.setString(1, IMPORTING);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1) != 0;
            }
        }
    }

    /**
     * Runs reads in one read transaction (plain BEGIN / COMMIT, deferred: no write lock), so they see
     * one snapshot of the DB; inside a write transaction they simply run in it.
     */
    private <T> T inReadTransaction(TransactionBody<T> body) throws SQLException {
        if (inTransaction) {
            return body.run();
        }
        exec("BEGIN");
        try {
            T result = body.run();
            exec("COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * A page's rows, read with one row past its end to tell whether more follow: at the query's
     * OFFSET, or by seeking from a row ({@link TrajectoryQuery.Seek}, {@link SeekSql}). A page before
     * a row is read in the opposite direction, trimmed, then listed in the query's order.
     */
    private TrajectoryRows readPage(TrajectoryQuery q, QuerySql where) throws SQLException {
        return readPage(q, where, false);
    }

    /**
     * @param idsFirst {@code where} needs no join with runs ({@link QuerySql#where(TrajectoryQuery, boolean,
     *                 java.util.Set, boolean)}): the page's ids are chosen first, by a query on the trajectories
     *                 alone, which an index on the filtered and sorted columns answers without reading table rows
     *                 (a reward range's matches sorted by id, a run's step range, rows skipped by an OFFSET), and
     *                 only the page's rows are then read. Choosing the rows themselves looked up every candidate
     *                 row first, to join its run: ~16,700 scattered reads for a reward range at 100k rows, 1.2 s cold.
     */
    private TrajectoryRows readPage(TrajectoryQuery q, QuerySql where, boolean idsFirst) throws SQLException {
        String from = " FROM trajectories t JOIN runs r ON r.id = t.run_id";
        String select = summaryColumns() + from + where.sql();
        long limit = q.limit() + 1L;
        List<TrajectorySummary> rows;
        boolean before = q.seek() != null && q.seek().before();
        if (q.seek() == null && idsFirst) {
            List<Object> params = new ArrayList<>(where.params());
            String ids = "SELECT t.id FROM trajectories t" + where.sql() + order(q, limit, params);
            String direction = q.ascending() ? " ASC" : " DESC";
            String orderBy = " ORDER BY " + QuerySql.orderKey(q, params) + direction
                    + (q.sortField() == TrajectoryQuery.SortField.ID ? "" : ", t.id" + direction);
            rows = summaries(summaryColumns() + from + " WHERE t.id IN (" + ids + ")" + orderBy, params);
        } else if (q.seek() == null) {
            List<Object> params = new ArrayList<>(where.params());
            rows = summaries(select + order(q, limit, params), params);
        } else {
            boolean ascending = q.ascending() != before;
            String direction = ascending ? " ASC" : " DESC";
            String orderBy = " ORDER BY " + q.sortField().column + direction
                    + (q.sortField().column.equals("t.id") ? "" : ", t.id" + direction);
            rows = new ArrayList<>();
            for (SeekSql.Segment segment : SeekSql.after(q.sortField(), ascending, q.seek().row())) {
                List<Object> params = new ArrayList<>(where.params());
                params.addAll(segment.params());
                // where.sql() always starts with WHERE
                String page = " AND " + segment.sql() + orderBy + " LIMIT " + (limit - rows.size());
                rows.addAll(summaries(idsFirst ? summaryColumns() + from + " WHERE t.id IN (SELECT t.id FROM trajectories t"
                        + where.sql() + page + ")" + orderBy : select + page, params));
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        boolean more = rows.size() > q.limit();
        List<TrajectorySummary> page = new ArrayList<>(more ? rows.subList(0, q.limit()) : rows);
        if (before) {
            java.util.Collections.reverse(page);
        }
        return new TrajectoryRows(page, more);
    }

    /**
     * The number of trajectories matching a filter (its page and sort are ignored), counting at most
     * {@code cap + 1}: a result above {@code cap} means "more than cap"; {@code Long.MAX_VALUE}
     * counts them all. Runs on a read-only connection of its own, so it does not hold up the
     * store's other calls, and {@link #cancelCounts} stops it.
     */
    public long count(TrajectoryQuery q, long cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be ≥ 0, got " + cap);
        }
        // with the text index joined in when the store has it (schema 12): a capped count streams its candidates
        java.util.Set<String> join = textGrams ? java.util.Set.of(QuerySql.TEXT_JOIN) : java.util.Set.of();
        return counter.count((reader, noneImporting) -> QuerySql.where(q, compact, join, noneImporting,
                q.textContains() == null ? StopGrams.NONE : queryStopGrams(reader)), cap);
    }

    /** Stops a {@link #count} in progress (it then throws); for a count that a newer filter made stale. */
    public void cancelCounts() {
        counter.cancel();
    }

    /** Above this many matches a range filter is scanned in sort order instead of sorted (see below). */
    static final int RANGE_SORT_LIMIT = 20_000;
    /** {@link #RANGE_SORT_LIMIT}, lowered by tests to reach both plans with a few hundred rows. */
    private int rangeSortLimit = RANGE_SORT_LIMIT;

    void rangeSortLimit(int limit) {
        rangeSortLimit = limit;
    }

    /** The WHERE clause that {@link #rows} would read the page with (for tests). */
    synchronized QuerySql pageSql(TrajectoryQuery q) throws SQLException {
        return pageWhere(q, where(q, java.util.Set.of(), false));
    }

    /**
     * The WHERE clause for reading a page. A range criterion on another column than the sort column
     * is either served by its index, whose matches must then all be sorted, or filtered while rows
     * are read in sort order, which stops after a page. Counting the rows of each such range up to
     * {@link #RANGE_SORT_LIMIT} on its own index tells which is cheaper: up to the limit, the sort is
     * small; beyond it, at least one row in {@code N / RANGE_SORT_LIMIT} is in the range, so a page is
     * found after a short scan (unless the other criteria reject most of those rows; see
     * docs/BENCHMARKS.md). The count reads the range's index alone. It used to count the whole filter,
     * whose other criteria (the run's status among them) made it look up up to 20,001 scattered table
     * rows: 34-56 ms warm and 0.4-0.5 s cold on a 4.4 GB DB, the most a structured filter cost.
     */
    private QuerySql pageWhere(TrajectoryQuery q, QuerySql where) throws SQLException {
        return pageWhere(q, where, false);
    }

    private QuerySql pageWhere(TrajectoryQuery q, QuerySql where, boolean noneImporting) throws SQLException {
        java.util.Set<String> scan = new java.util.HashSet<>();
        String sortColumn = q.sortField().column;
        // A word in 10 % of the rows, sorted by reward: checking and sorting its candidates reads every one's text
        // (10,000 at 100,000 rows: 125-157 ms); reading rows in reward order and checking the candidates among them
        // stops after a page. A rare word is the opposite: its few candidates are read and sorted.
        String match = q.textContains() == null || !textGrams || sortColumn.equals("t.id") ? null
                : TextGrams.match(q.textContains(), queryStopGrams(connection));
        if (match != null && manyCandidates(match)) {
            scan.add(QuerySql.TEXT);
        }
        if (!where.ranged() && scan.isEmpty()) {
            return where;
        }
        if (!QuerySql.REWARD.equals(sortColumn) && broadRange(QuerySql.REWARD, q.minReward(), q.maxReward())) {
            scan.add(QuerySql.REWARD);
        }
        if (!QuerySql.TOOL_CALLS.equals(sortColumn) && broadRange(QuerySql.TOOL_CALLS, q.minToolCalls(), q.maxToolCalls())) {
            scan.add(QuerySql.TOOL_CALLS);
        }
        return scan.isEmpty() ? where : where(q, scan, noneImporting);
    }

    /**
     * Whether the text index gives more than a tenth of {@link #RANGE_SORT_LIMIT} (2,000) candidates for a
     * {@code contains} (no text read). Lower than for a range: a candidate costs a text read and check (~5 µs
     * warm, far more cold), a row passed over in sort order an index entry and a probe of the candidate list. At
     * 10,000 candidates (100k rows) the sort read 10,000 texts: 157 ms by reward; in sort order, 14-21 ms.
     */
    private boolean manyCandidates(String match) throws SQLException {
        long limit = Math.max(1, rangeSortLimit / 10);
        try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM (SELECT 1 FROM " + TextGrams.TABLE + " WHERE "
                + TextGrams.TABLE + " MATCH ? LIMIT " + (limit + 1) + ")", List.of(match));
             ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1) > limit;
        }
    }

    /** {@link QuerySql#where(TrajectoryQuery, boolean, java.util.Set, boolean, StopGrams)} with this store's layout and stop grams. */
    private QuerySql where(TrajectoryQuery q, java.util.Set<String> scan, boolean noneImporting) throws SQLException {
        return QuerySql.where(q, compact, scan, noneImporting,
                q.textContains() == null ? StopGrams.NONE : queryStopGrams(connection));
    }

    /**
     * The stop grams a query must leave out: this connection's set, or while it is undecided the
     * DB's, since another process (a trainer, an import) may have decided it since: a query that
     * still asked for a stop gram would miss the rows written without it. Decided once, it never changes.
     *
     * @param reader the connection of the query, in its read transaction (the store's or the counter's)
     */
    private StopGrams queryStopGrams(Connection reader) throws SQLException {
        StopGrams current = stopGrams;
        if (current.decided() || !stopGramsStored) {
            return current;
        }
        StopGrams stored = StopGrams.load(reader);
        if (stored.decided()) {
            stopGrams = stored;
        }
        return stored;
    }

    /** Whether more than {@link #RANGE_SORT_LIMIT} rows have {@code column} in {@code [min, max]} (null: open). */
    private boolean broadRange(String column, Number min, Number max) throws SQLException {
        if (min == null && max == null) {
            return false;
        }
        String c = column.substring(2); // the bare name: "t.reward" -> "reward"
        List<String> bounds = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (min != null) {
            bounds.add(c + " >= ?");
            params.add(min);
        }
        if (max != null) {
            bounds.add(c + " <= ?");
            params.add(max);
        }
        try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM (SELECT 1 FROM trajectories WHERE "
                + String.join(" AND ", bounds) + " LIMIT " + (rangeSortLimit + 1L) + ")", params);
             ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1) > rangeSortLimit;
        }
    }

    /** ORDER BY … LIMIT … OFFSET … of a query's page. */
    private static String order(TrajectoryQuery q, long limit, List<Object> params) {
        String direction = q.ascending() ? " ASC" : " DESC";
        // Ties break by id in the same direction, so a single-column index (which ends in the rowid) serves the sort.
        return " ORDER BY " + QuerySql.orderKey(q, params) + direction
                + (q.sortField() == TrajectoryQuery.SortField.ID ? "" : ", t.id" + direction)
                + " LIMIT " + limit + " OFFSET " + q.offset();
    }

    /**
     * The largest |advantage| and |contribution| over the unmasked tokens of a run: the run's
     * scale for the signed heat colours. From schema 14 on, two index seeks over the rows' own maxima;
     * a DB kept at an older version reads the run's token BLOBs once, then answers from a cache until
     * the run's trajectories change. A run without trajectories gives zeros.
     */
    public SignedRanges signedRanges(String run) {
        // not synchronized: on a read-only connection of its own (committed rows only), see rangesReader
        return rangesReader.read("read the value ranges of run " + run, c -> rowMaxima
                ? SignedRangeScan.fromRowMaxima(c, run) : signedRanges.ranges(c, run, compact, runTaskStats));
    }

    /** All samples of one group (one prompt's G samples at one step), by sample index. */
    public synchronized List<TrajectorySummary> group(String run, int step, String groupId) {
        try {
            return summaries(summaryColumns() + " FROM trajectories t JOIN runs r ON r.id = t.run_id "
                    + "WHERE r.name = ? AND t.step = ? AND t.group_id = ? ORDER BY t.sample_index, t.id",
                    List.of(run, step, groupId));
        } catch (SQLException e) {
            throw fail("read group " + groupId + " of run " + run, e);
        }
    }

    // ---------------------------------------------------------------- lints

    /**
     * Replaces the lint findings of a run's trajectories (all of them, or one step's when {@code step}
     * is not null) with {@code findings}, in one transaction.
     */
    public synchronized void replaceLints(String run, Integer step, List<LintFinding> findings) {
        requireLintTable();
        inTransaction(() -> {
            LintRows.replace(connection, run, step, findings);
            return null;
        });
    }

    /** The stored findings of one run, or of every run when {@code run} is null, by run, step and trajectory. */
    public synchronized List<StoredLint> lints(String run) {
        requireLintTable();
        try {
            return LintRows.read(connection, run, null);
        } catch (SQLException e) {
            throw fail("read the lint findings" + (run == null ? "" : " of run " + run), e);
        }
    }

    /** The stored findings of one trajectory. */
    public synchronized List<StoredLint> lintsOf(long trajectoryId) {
        requireLintTable();
        try {
            return LintRows.read(connection, null, trajectoryId);
        } catch (SQLException e) {
            throw fail("read the lint findings of trajectory " + trajectoryId, e);
        }
    }

    /** Number of findings per trajectory id, for the ids that have any. */
    public synchronized Map<Long, Integer> lintCounts(Collection<Long> trajectoryIds) {
        requireLintTable();
        try {
            return LintRows.counts(connection, trajectoryIds);
        } catch (SQLException e) {
            throw fail("count lint findings", e);
        }
    }

    /** The ids of a run's trajectories (one step's when {@code step} is not null), by step, then insertion order. */
    public synchronized List<Long> trajectoryIds(String run, Integer step) {
        try {
            return LintRows.trajectoryIds(connection, run, step);
        } catch (SQLException e) {
            throw fail("list the trajectories of run " + run, e);
        }
    }

    // ---------------------------------------------------------------- tags and notes

    /**
     * Tags a run ({@code trajectoryId} null) or one of its trajectories; a tag it already has is
     * not added twice. Returns whether it was added.
     */
    public synchronized boolean addTag(String run, Long trajectoryId, String tag) {
        String t = requireTag(tag);
        requireAnnotationTables();
        return inTransaction(() -> {
            if (trajectoryId != null && !AnnotationRows.runOf(connection, trajectoryId).equals(run)) {
                throw new StoreException("trajectory " + trajectoryId + " is not in run '" + run + "'");
            }
            return AnnotationRows.addTag(connection, run, trajectoryId, t);
        });
    }

    /** Tags a trajectory (its run is looked up). */
    public synchronized boolean tagTrajectory(long trajectoryId, String tag) {
        requireAnnotationTables();
        try {
            return addTag(AnnotationRows.runOf(connection, trajectoryId), trajectoryId, tag);
        } catch (SQLException e) {
            throw fail("tag trajectory " + trajectoryId, e);
        }
    }

    /** Removes a tag from a run or trajectory; returns whether it had it. */
    public synchronized boolean removeTag(String run, Long trajectoryId, String tag) {
        requireAnnotationTables();
        return inTransaction(() -> AnnotationRows.removeTag(connection, run, trajectoryId, requireTag(tag)));
    }

    /** A run's tags: its own first, then its trajectories'. */
    public synchronized List<Tag> tags(String run) {
        requireAnnotationTables();
        try {
            return AnnotationRows.tagsOfRun(connection, run);
        } catch (SQLException e) {
            throw fail("read the tags of run " + run, e);
        }
    }

    /** The tags of each of these trajectories (trajectories without tags are absent). */
    public synchronized Map<Long, List<String>> tagsOf(Collection<Long> trajectoryIds) {
        if (!annotationTables) {
            return Map.of();
        }
        try {
            return AnnotationRows.tagsOf(connection, trajectoryIds);
        } catch (SQLException e) {
            throw fail("read trajectory tags", e);
        }
    }

    /** Every tag name used in the DB, sorted. */
    public synchronized List<String> tagNames() {
        if (!annotationTables) {
            return List.of();
        }
        try {
            return AnnotationRows.tagNames(connection);
        } catch (SQLException e) {
            throw fail("list tag names", e);
        }
    }

    /** Adds a comment on tokens {@code start..end} (inclusive) of a trajectory; returns the note's id. */
    public synchronized long addNote(long trajectoryId, int start, int end, String comment) {
        requireAnnotationTables();
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a note needs a comment");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a note's span needs 0 ≤ start ≤ end, got " + start + ".." + end);
        }
        return inTransaction(() -> AnnotationRows.addNote(connection, trajectoryId, start, end, comment.strip()));
    }

    /** Deletes a note; returns whether it existed. */
    public synchronized boolean deleteNote(long noteId) {
        requireAnnotationTables();
        return inTransaction(() -> AnnotationRows.deleteNote(connection, noteId));
    }

    /** The notes of a trajectory, by span start. */
    public synchronized List<Note> notes(long trajectoryId) {
        if (!annotationTables) {
            return List.of();
        }
        try {
            return AnnotationRows.notes(connection, trajectoryId);
        } catch (SQLException e) {
            throw fail("read the notes of trajectory " + trajectoryId, e);
        }
    }

    private static String requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("a tag needs a name");
        }
        return tag.strip();
    }

    private void requireAnnotationTables() {
        if (!annotationTables) {
            throw new StoreException(file + " is at schema version " + schemaVersion()
                    + ", before the tags and notes tables (version 9)");
        }
    }

    private void requireLintTable() {
        if (!lintTable) {
            throw new StoreException(file + " is at schema version " + schemaVersion()
                    + ", before the lint table (version 5)");
        }
    }

    /** Distinct task names, for filter choices. */
    public synchronized List<String> tasks() {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT t.task FROM " + (runTaskStats ? "run_task_stats" : "trajectories")
                     + " t JOIN runs r ON r.id = t.run_id WHERE r.status <> '" + IMPORTING + "' ORDER BY t.task")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw fail("list tasks", e);
        }
    }

    /** Runs {@code PRAGMA integrity_check}; returns "ok" for a healthy file. */
    public synchronized String integrityCheck() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        } catch (SQLException e) {
            throw fail("check integrity", e);
        }
    }

    @Override
    public void close() {
        counter.close();
        rangesReader.close();
        closeConnection();
    }

    private synchronized void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw fail("close", e);
        }
    }

    // ---------------------------------------------------------------- internals

    /** Work that runs inside one transaction, rolled back on any exception. */
    interface TransactionBody<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code body} in a transaction. When SQLite stays busy past busy_timeout (another process
     * holds the write lock), the whole transaction is rolled back and retried with exponential
     * backoff, for up to {@link #BUSY_RETRY_BUDGET_MS}, so a trainer outlasts a writer that is slow.
     */
    private <T> T inTransaction(TransactionBody<T> body) {
        if (inTransaction) {
            try {
                return body.run();
            } catch (SQLException e) {
                throw fail("write", e);
            }
        }
        long deadline = System.currentTimeMillis() + BUSY_RETRY_BUDGET_MS;
        long pauseMs = 20;
        while (true) {
            // Plain BEGIN IMMEDIATE / COMMIT statements, not JDBC's transaction API: sqlite-jdbc's commit()
            // and rollback() begin the next transaction at once, which takes the write lock again and can
            // itself fail with SQLITE_BUSY after the data was committed.
            try {
                exec("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                if (!isBusy(e) || System.currentTimeMillis() + pauseMs > deadline) {
                    throw fail("begin a transaction", e);
                }
                sleep(pauseMs);
                // backoff: 20 ms, 40 ms, … up to 2 s between attempts
                pauseMs = Math.min(2_000, pauseMs * 2);
                continue;
            }
            inTransaction = true;
            try {
                T result = body.run();
                exec("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                runIds.clear();
                if (!isBusy(e) || System.currentTimeMillis() + pauseMs > deadline) {
                    throw e instanceof SQLException se ? fail("write", se) : (RuntimeException) e;
                }
            } finally {
                inTransaction = false;
            }
            sleep(pauseMs);
            pauseMs = Math.min(2_000, pauseMs * 2);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open any more (SQLite rolls back by itself after some errors)
        }
    }

    /** True when {@code e} (or a cause) is SQLITE_BUSY or one of its extended codes. */
    static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException se && (se.getResultCode().code & 0xff) == 5) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database lock", e);
        }
    }

    private long runIdCreatingIfMissing(String name) throws SQLException {
        if (importing != null) {
            return importRunId(name);
        }
        Long cached = runIds.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<RunInfo> existing = findRun(name);
        long id = existing.isPresent() ? existing.get().id() : createRun(name, "import", null).id();
        runIds.put(name, id);
        return id;
    }

    private long importRunId(String name) throws SQLException {
        Long known = importing.byName.get(name);
        if (known != null) {
            return known;
        }
        try {
            RunNames.check(name);
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot import into run '" + name + "': " + e.getMessage());
        }
        Optional<RunInfo> existing = findRun(name);
        long id;
        if (existing.isEmpty()) {
            id = insertRun(name, "import", IMPORTING, null).id();
            importing.created.add(id);
        } else if (IMPORTING.equals(existing.get().status())) {
            throw new StoreException("run '" + name + "' is being imported by another process into " + file);
        } else {
            // a unique hidden name; the rows move to the existing run when the import commits
            id = insertRun(name + " (importing " + java.util.UUID.randomUUID() + ")", "import", IMPORTING, null).id();
            importing.stagingToTarget.put(id, existing.get().id());
        }
        importing.byName.put(name, id);
        return id;
    }

    private void bindRow(PreparedStatement ps, long runId, Trajectory t, int length, int responseLength)
            throws SQLException {
        ps.setLong(1, runId);
        ps.setInt(2, t.step());
        ps.setString(3, t.promptId());
        ps.setString(4, t.groupId());
        ps.setInt(5, t.sampleIndex());
        ps.setString(6, t.task());
        ps.setString(7, t.groundTruth());
        ps.setString(8, t.finalAnswer());
        if (Double.isFinite(t.reward())) {
            ps.setDouble(9, t.reward());
        } else {
            ps.setNull(9, java.sql.Types.REAL);
        }
        ps.setString(10, writeJson(t.rewardComponents()));
        ps.setInt(11, t.correct() ? 1 : 0);
        ps.setString(12, t.finishReason().key());
        ps.setInt(13, t.numToolCalls());
        ps.setInt(14, length);
        ps.setInt(15, responseLength);
        ps.setInt(16, t.textOnly() ? 1 : 0);
        ps.setString(17, writeJson(t.policySegments()));
        if (errorColumns) {
            ps.setString(18, t.toolError());
            ps.setString(19, t.verifierError());
        }
    }

    private static void bindTokens(PreparedStatement ps, long id, TokenArrays a, boolean extras) throws SQLException {
        ps.setLong(1, id);
        ps.setBytes(2, TokenBlobs.ints(a.tokenIds()));
        ps.setBytes(3, TokenBlobs.strings(a.tokenText()));
        ps.setBytes(4, TokenBlobs.roles(a.roles()));
        ps.setBytes(5, TokenBlobs.ints(a.turns()));
        ps.setBytes(6, TokenBlobs.floats(a.lossWeights()));
        ps.setBytes(7, TokenBlobs.floats(a.logprobs()));
        ps.setBytes(8, TokenBlobs.floats(a.refLogprobs()));
        ps.setBytes(9, TokenBlobs.floats(a.entropies()));
        ps.setBytes(10, TokenBlobs.floats(a.advantages()));
        ps.setBytes(11, TokenBlobs.floats(a.contributions()));
        ps.setBytes(12, TokenBlobs.booleans(a.clipped()));
        if (extras) {
            ps.setBytes(13, TokenBlobs.floatsOrNull(a.trainerLogprobs()));
            ps.setBytes(14, TokenBlobs.floatsOrNull(a.mismatchKl()));
            ps.setBytes(15, TokenBlobs.topLogprobs(a.topLogprobs()));
            ps.setBytes(16, TokenBlobs.streams(a.lossStreams()));
        }
    }

    private void backfillText(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT trajectory_id, token_ids, token_text FROM trajectory_tokens");
             PreparedStatement ins = c.prepareStatement("INSERT INTO trajectory_text(rowid, text) VALUES (?, ?)")) {
            while (rs.next()) {
                int n = rs.getBytes(2).length / 4;
                ins.setLong(1, rs.getLong(1));
                ins.setString(2, String.join("", TokenBlobs.strings(rs.getBytes(3), n)));
                ins.executeUpdate();
            }
        }
    }

    private List<TrajectorySummary> summaries(String sql, List<Object> params) throws SQLException {
        List<TrajectorySummary> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double reward = rs.getDouble(8);
                if (rs.wasNull()) {
                    reward = Double.NaN;
                }
                out.add(new TrajectorySummary(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), reward, rs.getInt(9) != 0,
                        FinishReason.parse(rs.getString(10)), rs.getInt(11), rs.getInt(12), rs.getInt(13),
                        rs.getString(14), rs.getString(15), rs.getInt(16) != 0,
                        joinErrors(rs.getString(17), rs.getString(18))));
            }
        }
        return out;
    }

    private String summaryColumns() {
        return "SELECT " + SUMMARY_COLUMNS + (errorColumns ? ERROR_COLUMNS : NO_ERROR_COLUMNS);
    }

    private static String joinErrors(String toolError, String verifierError) {
        if (toolError == null) {
            return verifierError;
        }
        return verifierError == null ? toolError : toolError + "; " + verifierError;
    }

    private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private List<RunInfo> queryRuns(String where, Object param) {
        List<RunInfo> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT id, name, kind, status, config_json, created_at FROM runs "
                + where + " ORDER BY id", List.of(param)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(runInfo(rs));
            }
            return out;
        } catch (SQLException e) {
            throw fail("read runs", e);
        }
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)));
    }

    private void update(String sql, Object... params) {
        try (PreparedStatement ps = prepare(sql, List.of(params))) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("update (" + sql + ")", e);
        }
    }

    /** The row id of the connection's last INSERT (the store's connection has the driver's generated keys off). */
    static long lastRowId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value + " as JSON", e);
        }
    }

    private static Map<String, Double> readComponents(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt reward_components JSON: " + json, e);
        }
    }

    private static List<PolicySegment> readSegments(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<PolicySegment>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt policy_segments JSON: " + json, e);
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
    }
}
