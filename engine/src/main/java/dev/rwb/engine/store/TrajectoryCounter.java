package dev.rwb.engine.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts the rows of a filter on a read-only connection of its own, so a count over a million rows
 * (seconds with a text filter) never holds the store's connection while the table loads pages,
 * and a count that a newer filter made useless can be cancelled mid-scan.
 */
final class TrajectoryCounter implements AutoCloseable {
    private final Path file;
    private final Object lock = new Object();
    private Connection connection;
    private volatile PreparedStatement running;
    private volatile boolean closed;
    /** The most of the file the counting connection maps (SQLite clamps it to its compiled-in maximum). */
    static final long MMAP_BYTES = 1L << 40;

    TrajectoryCounter(Path file) {
        this.file = file;
    }

    /**
     * The number of rows of the clause {@code where.of(c, noneImporting)}, counting at most {@code cap + 1}: a
     * result above {@code cap} means "more than cap". When no run is being imported (checked in the count's read
     * transaction) the filter is counted without the join with runs, so an index on its columns can answer it
     * alone (a reward range counted to 10,000 read 10,000 scattered table rows for their run). A cancelled count
     * throws {@link StoreException}.
     */
    long count(Clause where, long cap) {
        return read("count trajectories", c -> {
            boolean noneImporting = !anyImporting(c);
            QuerySql clause = where.of(c, noneImporting);
            String from = clause.from(noneImporting) + clause.sql();
            String sql = cap == Long.MAX_VALUE ? "SELECT COUNT(*)" + from
                    : "SELECT COUNT(*) FROM (SELECT 1" + from + " LIMIT " + (cap + 1) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < clause.params().size(); i++) {
                    ps.setObject(i + 1, clause.params().get(i));
                }
                running = ps;
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.getLong(1);
                } finally {
                    running = null;
                }
            }
        });
    }

    /** The clause of a count, written on the counting connection inside its read transaction. */
    interface Clause {
        QuerySql of(Connection c, boolean noneImporting) throws SQLException;
    }

    /** Work on this reader's connection, in one read transaction (one snapshot), under its lock. */
    interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code read} on the read-only connection in one read transaction; {@code what} names it in an error. */
    <T> T read(String what, Read<T> read) {
        synchronized (lock) {
            try {
                Connection c = connection();
                exec(c, "BEGIN");
                try {
                    return read.run(c);
                } finally {
                    // a read transaction: ending it cannot lose anything (ROLLBACK also ends one that an interrupt broke)
                    try {
                        exec(c, "ROLLBACK");
                    } catch (SQLException ended) {
                        // SQLite already ended it
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean anyImporting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM runs WHERE status = ?)")) {
            ps.setString(1, WorkbenchStore.IMPORTING);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1) != 0;
            }
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Interrupts the count in progress, if any (it then fails with "interrupted"). */
    void cancel() {
        PreparedStatement ps = running;
        if (ps != null) {
            try {
                ps.cancel();
            } catch (SQLException e) {
                // the statement finished meanwhile: nothing to cancel
            }
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed");
        }
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (java.sql.Statement s = connection.createStatement()) {
                // Read the file through a memory map (up to 1 TiB, SQLite's compiled-in limit here) instead of a
                // read() into the page cache per page: a capped text count checks 10,000 texts (~70 MB at 1M rows),
                // and copying their pages costs more than matching them (docs/BENCHMARKS.md, "Store at scale").
                // Read-only, so no write goes through the map; pages still in the WAL are read as before.
                s.execute("PRAGMA mmap_size = " + MMAP_BYTES);
                s.execute("PRAGMA cache_size = -65536");
            }
        }
        return connection;
    }

    @Override
    public void close() {
        closed = true;
        cancel();
        synchronized (lock) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // closing a read-only connection loses nothing
                }
                connection = null;
            }
        }
    }
}
