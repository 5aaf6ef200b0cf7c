package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Computes a run's {@link SignedRanges} by reading three BLOBs per trajectory, and caches the
 * answer while the run's trajectories are unchanged (same count and same largest id; checked
 * with one indexed query, so a trainer writing in another process invalidates it too).
 */
final class SignedRangeScan {
    private record Entry(long count, long maxId, SignedRanges ranges) {
    }

    private final Map<String, Entry> cache = new HashMap<>();

    SignedRanges ranges(Connection connection, String run) throws SQLException {
        long count;
        long maxId;
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*), COALESCE(MAX(t.id), 0) "
                + "FROM trajectories t JOIN runs r ON r.id = t.run_id WHERE r.name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                count = rs.getLong(1);
                maxId = rs.getLong(2);
            }
        }
        Entry cached = cache.get(run);
        if (cached != null && cached.count() == count && cached.maxId() == maxId) {
            return cached.ranges();
        }
        double advantage = 0;
        double contribution = 0;
        try (PreparedStatement ps = connection.prepareStatement("SELECT k.loss_weight, k.advantage, k.contribution "
                + "FROM trajectories t JOIN runs r ON r.id = t.run_id JOIN trajectory_tokens k ON k.trajectory_id = t.id "
                + "WHERE r.name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    float[] w = TokenBlobs.floats(rs.getBytes(1));
                    advantage = Math.max(advantage, maxAbs(TokenBlobs.floats(rs.getBytes(2)), w));
                    contribution = Math.max(contribution, maxAbs(TokenBlobs.floats(rs.getBytes(3)), w));
                }
            }
        }
        SignedRanges ranges = new SignedRanges(advantage, contribution, count);
        cache.put(run, new Entry(count, maxId, ranges));
        return ranges;
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
