package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Computes a run's {@link SignedRanges} by reading three BLOBs per trajectory, and caches the
 * answer while the run's rows are unchanged. "Unchanged" is checked without reading the run's rows:
 * its row count and reward total from {@link RunTaskStats} (kept in the writing transaction) and its
 * largest id from the end of the {@code (run_id)} index, so a trainer writing in another process is
 * noticed too, and the check costs the same at a million rows as at ten (it summed every row of the
 * run before: 145 ms warm, 1 s cold for a 250,000-row run, on each opened trajectory). When the rows
 * that were read are still there (as many rows up to the old largest id, counted on the index) and
 * others were only added (a live run's new steps), just the new ones are read and folded into the
 * cached maximum; any other change reads the run again. Rewrites of token arrays that leave the rows
 * in place call {@link #forget()}.
 */
final class SignedRangeScan {
    /** What identifies a set of rows cheaply; two different sets agreeing on all four is not a practical risk. */
    private record Fingerprint(long count, long maxId, double totalReward) {
    }

    private record Entry(Fingerprint rows, SignedRanges ranges) {
    }

    private final Map<String, Entry> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts {@link #forget()} calls: a scan that a forget overtook does not cache what it read. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    SignedRanges ranges(Connection connection, String run, boolean compact, boolean runTaskStats) throws SQLException {
        long startedAt = generation.get();
        Fingerprint now = runTaskStats ? fingerprint(connection, run) : summedFingerprint(connection, run);
        Entry cached = cache.get(run);
        if (cached != null && cached.rows().equals(now)) {
            return cached.ranges();
        }
        double[] max = {0, 0};
        if (cached != null && now.maxId() > cached.rows().maxId()
                && rowsUpTo(connection, run, cached.rows().maxId()) == cached.rows().count()) {
            // Only appended rows: max over old ∪ new = max(old max, max over new).
            scan(connection, run, cached.rows().maxId(), max, compact);
            max[0] = Math.max(max[0], cached.ranges().maxAbsAdvantage());
            max[1] = Math.max(max[1], cached.ranges().maxAbsContribution());
        } else {
            scan(connection, run, 0, max, compact);
        }
        SignedRanges ranges = new SignedRanges(max[0], max[1], now.count());
        if (generation.get() == startedAt) {
            cache.put(run, new Entry(now, ranges));
        }
        return ranges;
    }

    /**
     * Schema 14: each trajectory row carries its own maxima (written with the row, rewritten with its
     * arrays), so a run's range is two seeks on the {@code (run_id, max_abs_…)} indexes at any size, with
     * nothing to cache and nothing that deletes or rewrites can leave stale. (Reading every payload of the
     * run took 34–51 s for a 250,000-row run of the 1M bench DB, and the first open of a trajectory waited.)
     */
    static SignedRanges fromRowMaxima(Connection connection, String run) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT "
                + "(SELECT MAX(t.max_abs_advantage) FROM trajectories t WHERE t.run_id = r.id), "
                + "(SELECT MAX(t.max_abs_contribution) FROM trajectories t WHERE t.run_id = r.id), "
                + "(SELECT COALESCE(SUM(s.trajectories), 0) FROM run_task_stats s WHERE s.run_id = r.id) "
                + "FROM runs r WHERE r.name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                // getDouble of NULL (a run without rows) is 0, the range of no tokens
                return rs.next() ? new SignedRanges(rs.getDouble(1), rs.getDouble(2), rs.getLong(3)) : new SignedRanges(0, 0, 0);
            }
        }
    }

    /**
     * Migration 14's data step: computes every stored trajectory's maxima from its payload, in id order,
     * reporting progress. Rows whose maxima are 0 (the column's default) are not written.
     */
    static void fillRowMaxima(Connection c, MigrationProgress progress) throws SQLException {
        long total;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trajectory_payloads")) {
            total = rs.getLong(1);
        }
        String step = "each trajectory's largest |advantage| and |contribution|, for the run's colour scale";
        progress.progress(step, 0, total);
        long done = 0;
        java.util.List<Long> unreadable = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.trajectory_id, p.payload, t.length FROM trajectory_payloads p "
                     + "JOIN trajectories t ON t.id = p.trajectory_id ORDER BY p.trajectory_id");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE trajectories SET max_abs_advantage = ?, max_abs_contribution = ? WHERE id = ?")) {
            while (rs.next()) {
                double[] maxima;
                try {
                    maxima = payloadMaxima(rs.getBytes(2), rs.getInt(3));
                } catch (StoreException e) {
                    // One damaged payload must not make the whole DB unopenable: its row keeps 0 (out of the
                    // scale), and opening that trajectory names the problem, as it did before the migration.
                    unreadable.add(rs.getLong(1));
                    done++;
                    continue;
                }
                if (maxima[0] != 0 || maxima[1] != 0) {
                    update.setDouble(1, maxima[0]);
                    update.setDouble(2, maxima[1]);
                    update.setLong(3, rs.getLong(1));
                    update.executeUpdate();
                }
                if (++done % 10_000 == 0) {
                    progress.progress(step, done, total);
                }
            }
        }
        progress.progress(unreadable.isEmpty() ? step : step + "; " + unreadable.size()
                + " trajectories whose token payload does not decode were left out of it (ids " + unreadable.subList(0,
                Math.min(10, unreadable.size())) + (unreadable.size() > 10 ? ", …)" : ")"), done, total);
    }

    /** Drops every cached answer (after a rewrite of token arrays that the fingerprint cannot see). */
    void forget() {
        generation.incrementAndGet();
        cache.clear();
    }

    private static Fingerprint fingerprint(Connection connection, String run) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT "
                + "(SELECT COALESCE(SUM(s.trajectories), 0) FROM run_task_stats s WHERE s.run_id = r.id), "
                + "(SELECT COALESCE(MAX(t.id), 0) FROM trajectories t WHERE t.run_id = r.id), "
                + "(SELECT TOTAL(s.reward_sum) FROM run_task_stats s WHERE s.run_id = r.id) "
                + "FROM runs r WHERE r.name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getDouble(3)) : new Fingerprint(0, 0, 0);
            }
        }
    }

    /** The same figures summed over the run's rows, for a schema before {@link RunTaskStats} (opened at an old version). */
    private static Fingerprint summedFingerprint(Connection connection, String run) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*), COALESCE(MAX(t.id), 0), TOTAL(t.reward) "
                + "FROM trajectories t JOIN runs r ON r.id = t.run_id WHERE r.name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                return new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
            }
        }
    }

    /** Rows of {@code run} with id ≤ {@code upToId}, counted on the {@code (run_id)} index. */
    private static long rowsUpTo(Connection connection, String run, long upToId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM trajectories t "
                + "WHERE t.run_id = (SELECT id FROM runs WHERE name = ?) AND t.id <= ?")) {
            ps.setString(1, run);
            ps.setLong(2, upToId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getLong(1);
            }
        }
    }

    /** Folds the rows of {@code run} with id above {@code afterId} into {advantage, contribution}. */
    private static void scan(Connection connection, String run, long afterId, double[] max, boolean compact)
            throws SQLException {
        if (compact) {
            scanPayloads(connection, run, afterId, max);
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT k.loss_weight, k.advantage, k.contribution "
                + "FROM trajectories t JOIN runs r ON r.id = t.run_id JOIN trajectory_tokens k ON k.trajectory_id = t.id "
                + "WHERE r.name = ? AND t.id > ?")) {
            ps.setString(1, run);
            ps.setLong(2, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    float[] w = TokenBlobs.floats(rs.getBytes(1));
                    max[0] = Math.max(max[0], maxAbs(TokenBlobs.floats(rs.getBytes(2)), w));
                    max[1] = Math.max(max[1], maxAbs(TokenBlobs.floats(rs.getBytes(3)), w));
                }
            }
        }
    }

    private static void scanPayloads(Connection connection, String run, long afterId, double[] max) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT p.payload, t.length FROM trajectories t "
                + "JOIN runs r ON r.id = t.run_id JOIN trajectory_payloads p ON p.trajectory_id = t.id "
                + "WHERE r.name = ? AND t.id > ?")) {
            ps.setString(1, run);
            ps.setLong(2, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double[] maxima = payloadMaxima(rs.getBytes(1), rs.getInt(2));
                    max[0] = Math.max(max[0], maxima[0]);
                    max[1] = Math.max(max[1], maxima[1]);
                }
            }
        }
    }

    /** {max |advantage|, max |contribution|} over the unmasked tokens of one stored payload of {@code n} tokens. */
    private static double[] payloadMaxima(byte[] payload, int n) {
        var arrays = TokenPayload.decode(payload);
        float[] w = PayloadFields.floatsOrNan(arrays, "loss_weight", n);
        return new double[]{maxAbs(PayloadFields.floatsOrNan(arrays, "advantage", n), w),
                maxAbs(PayloadFields.floatsOrNan(arrays, "contribution", n), w)};
    }

    private static double maxAbs(float[] values, float[] weights) {
        return SignedRanges.maxAbsUnmasked(values, weights);
    }
}
