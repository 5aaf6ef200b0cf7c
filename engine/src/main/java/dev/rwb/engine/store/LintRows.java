package dev.rwb.engine.store;

import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.lint.LintFinding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The SQL of the {@code trajectory_lints} table (schema 5): findings replaced per run or step, read back. */
final class LintRows {
    private static final String OF_RUN = "SELECT t.id FROM trajectories t JOIN runs r ON r.id = t.run_id WHERE r.name = ?";

    private LintRows() {
    }

    static void replace(Connection c, String run, Integer step, List<LintFinding> findings) throws SQLException {
        String scope = OF_RUN + (step == null ? "" : " AND t.step = ?");
        try (PreparedStatement del = c.prepareStatement("DELETE FROM trajectory_lints WHERE trajectory_id IN ("
                + scope + ")")) {
            del.setString(1, run);
            if (step != null) {
                del.setInt(2, step);
            }
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO trajectory_lints(trajectory_id, code, positions, message) VALUES (?, ?, ?, ?)")) {
            for (LintFinding f : findings) {
                ins.setLong(1, f.trajectoryId());
                ins.setString(2, f.code().key());
                ins.setString(3, f.positions().stream().map(String::valueOf).collect(Collectors.joining(",")));
                ins.setString(4, f.message());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    static List<StoredLint> read(Connection c, String run, Long trajectoryId) throws SQLException {
        String sql = "SELECT r.name, t.step, l.trajectory_id, l.code, l.positions, l.message FROM trajectory_lints l "
                + "JOIN trajectories t ON t.id = l.trajectory_id JOIN runs r ON r.id = t.run_id"
                + (run != null ? " WHERE r.name = ?" : trajectoryId != null ? " WHERE l.trajectory_id = ?" : "")
                + " ORDER BY r.name, t.step, l.trajectory_id, l.id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (run != null) {
                ps.setString(1, run);
            } else if (trajectoryId != null) {
                ps.setLong(1, trajectoryId);
            }
            List<StoredLint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredLint(rs.getString(1), rs.getInt(2), new LintFinding(rs.getLong(3),
                            LintCode.parse(rs.getString(4)), positions(rs.getString(5)), rs.getString(6))));
                }
            }
            return out;
        }
    }

    static Map<Long, Integer> counts(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT trajectory_id, COUNT(*) FROM trajectory_lints "
                + "WHERE trajectory_id IN (" + marks + ") GROUP BY trajectory_id")) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    static List<Long> trajectoryIds(Connection c, String run, Integer step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OF_RUN + (step == null ? "" : " AND t.step = ?")
                + " ORDER BY t.step, t.id")) {
            ps.setString(1, run);
            if (step != null) {
                ps.setInt(2, step);
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private static List<Integer> positions(String s) {
        return s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(Integer::valueOf).toList();
    }
}
