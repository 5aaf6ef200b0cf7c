package dev.rwb.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The SQL of the {@code tags} and {@code notes} tables (schema 9). */
final class AnnotationRows {
    private AnnotationRows() {
    }

    static long runId(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE name = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no run named '" + run + "'");
                }
                return rs.getLong(1);
            }
        }
    }

    static String runOf(Connection c, long trajectoryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT r.name FROM trajectories t JOIN runs r ON r.id = t.run_id WHERE t.id = ?")) {
            ps.setLong(1, trajectoryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no trajectory with id " + trajectoryId);
                }
                return rs.getString(1);
            }
        }
    }

    /** Adds a tag unless the run or trajectory has it already; returns whether it was added. */
    static boolean addTag(Connection c, String run, Long trajectoryId, String tag) throws SQLException {
        long runId = runId(c, run);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags(run_id, trajectory_id, tag, created_at) "
                + "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM tags WHERE run_id = ? AND trajectory_id IS ? "
                + "AND tag = ?)")) {
            ps.setLong(1, runId);
            setNullable(ps, 2, trajectoryId);
            ps.setString(3, tag);
            ps.setLong(4, System.currentTimeMillis());
            ps.setLong(5, runId);
            setNullable(ps, 6, trajectoryId);
            ps.setString(7, tag);
            return ps.executeUpdate() == 1;
        }
    }

    static boolean removeTag(Connection c, String run, Long trajectoryId, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tags WHERE run_id = ? AND trajectory_id IS ? "
                + "AND tag = ?")) {
            ps.setLong(1, runId(c, run));
            setNullable(ps, 2, trajectoryId);
            ps.setString(3, tag);
            return ps.executeUpdate() > 0;
        }
    }

    /** The tags of a run: its own (trajectory null) first, then its trajectories', by trajectory and tag. */
    static List<Tag> tagsOfRun(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT g.trajectory_id, g.tag FROM tags g JOIN runs r "
                + "ON r.id = g.run_id WHERE r.name = ? ORDER BY g.trajectory_id IS NOT NULL, g.trajectory_id, g.tag")) {
            ps.setString(1, run);
            List<Tag> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    out.add(new Tag(run, rs.wasNull() ? null : id, rs.getString(2)));
                }
            }
            return out;
        }
    }

    /** The tags of each of these trajectories (absent: none). */
    static Map<Long, List<String>> tagsOf(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT trajectory_id, tag FROM tags WHERE trajectory_id IN ("
                + marks + ") ORDER BY trajectory_id, tag")) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Every tag name in the DB, sorted (for the filter's choices). */
    static List<String> tagNames(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tag FROM tags ORDER BY tag");
             ResultSet rs = ps.executeQuery()) {
            TreeSet<String> out = new TreeSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return new ArrayList<>(out);
        }
    }

    static long addNote(Connection c, long trajectoryId, int start, int end, String comment) throws SQLException {
        runOf(c, trajectoryId); // fails with a clear message for an unknown trajectory
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes(trajectory_id, start_token, end_token, "
                + "comment, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, trajectoryId);
            ps.setInt(2, start);
            ps.setInt(3, end);
            ps.setString(4, comment);
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
            return WorkbenchStore.lastRowId(c);
        }
    }

    static boolean deleteNote(Connection c, long noteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM notes WHERE id = ?")) {
            ps.setLong(1, noteId);
            return ps.executeUpdate() > 0;
        }
    }

    static List<Note> notes(Connection c, long trajectoryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, trajectory_id, start_token, end_token, comment "
                + "FROM notes WHERE trajectory_id = ? ORDER BY start_token, id")) {
            ps.setLong(1, trajectoryId);
            List<Note> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Note(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5)));
                }
            }
            return out;
        }
    }

    private static void setNullable(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }
}
