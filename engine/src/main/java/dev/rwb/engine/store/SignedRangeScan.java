package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Computes a run's {@link SignedRanges} by reading three BLOBs per trajectory, and caches the
 * answer while the run's rows are unchanged. "Unchanged" is checked with one aggregate query over
 * indexed columns (row count, largest id, total length, total reward), so a trainer writing in
 * another process is noticed too. When the rows that were read are still there and others were
 * only added (a live run's new steps), just the new ones are read and folded into the cached
 * maximum; any other change reads the run again.
 */
final class SignedRangeScan {
    /** What identifies a set of rows cheaply; two different sets agreeing on all four is not a practical risk. */
    private record Fingerprint(long count, long maxId, long totalLength, double totalReward) {
    }

    private record Entry(Fingerprint rows, SignedRanges ranges) {
    }

    private final Map<String, Entry> cache = new HashMap<>();

    SignedRanges ranges(Connection connection, String run, boolean compact) throws SQLException {
        Fingerprint now = fingerprint(connection, run, Long.MAX_VALUE);
        Entry cached = cache.get(run);
        if (cached != null && cached.rows().equals(now)) {
            return cached.ranges();
        }
        double[] max = {0, 0};
        if (cached != null && now.maxId() > cached.rows().maxId()
                && fingerprint(connection, run, cached.rows().maxId()).equals(cached.rows())) {
            // Only appended rows: max over old ∪ new = max(old max, max over new).
            scan(connection, run, cached.rows().maxId(), max, compact);
            max[0] = Math.max(max[0], cached.ranges().maxAbsAdvantage());
            max[1] = Math.max(max[1], cached.ranges().maxAbsContribution());
        } else {
            scan(connection, run, 0, max, compact);
        }
        SignedRanges ranges = new SignedRanges(max[0], max[1], now.count());
        cache.put(run, new Entry(now, ranges));
        return ranges;
    }

    /** Drops every cached answer (after a rewrite of token arrays that the fingerprint cannot see). */
    void forget() {
        cache.clear();
    }

    private static Fingerprint fingerprint(Connection connection, String run, long upToId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*), COALESCE(MAX(t.id), 0), "
                + "COALESCE(SUM(t.length), 0), TOTAL(t.reward) FROM trajectories t JOIN runs r ON r.id = t.run_id "
                + "WHERE r.name = ? AND t.id <= ?")) {
            ps.setString(1, run);
            ps.setLong(2, upToId);
            try (ResultSet rs = ps.executeQuery()) {
                return new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
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
                    var arrays = TokenPayload.decode(rs.getBytes(1));
                    int n = rs.getInt(2);
                    float[] w = PayloadFields.floatsOrNan(arrays, "loss_weight", n);
                    max[0] = Math.max(max[0], maxAbs(PayloadFields.floatsOrNan(arrays, "advantage", n), w));
                    max[1] = Math.max(max[1], maxAbs(PayloadFields.floatsOrNan(arrays, "contribution", n), w));
                }
            }
        }
    }

    /** max |v| over tokens with weight > 0 and a finite value (masked tokens are never heat-coloured). */
    private static double maxAbs(float[] values, float[] weights) {
        double m = 0;
        for (int i = 0; i < values.length; i++) {
            if (weights[i] > 0f && Float.isFinite(values[i])) {
                m = Math.max(m, Math.abs(values[i]));
            }
        }
        return m;
    }
}
