package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.TokenArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The data step of schema 8: every trajectory's fifteen per-token BLOBs become one compact payload
 * plus its text, inside the migration's transaction (all or nothing), with progress every 1,000 rows.
 */
final class PayloadMigration {
    private static final int REPORT_EVERY = 1_000;

    private PayloadMigration() {
    }

    static void convert(Connection c, MigrationProgress progress) throws SQLException {
        long total;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM trajectory_tokens")) {
            total = rs.getLong(1);
        }
        String step = "converting token arrays to compact payloads";
        progress.progress(step, 0, total);
        long done = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT trajectory_id, token_ids, token_text, role, turn, loss_weight, logprob, "
                     + "ref_logprob, entropy, advantage, contribution, clipped, trainer_logprob, mismatch_kl, top_logprobs, "
                     + "loss_streams FROM trajectory_tokens ORDER BY trajectory_id");
             PreparedStatement payload = c.prepareStatement(
                     "INSERT INTO trajectory_payloads(trajectory_id, nan_arrays, payload) VALUES (?, ?, ?)");
             PreparedStatement text = c.prepareStatement("INSERT INTO trajectory_texts(id, text) VALUES (?, ?)")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                TokenArrays a = TokenBlobs.read(rs, 2);
                payload.setLong(1, id);
                payload.setLong(2, PayloadFields.nanMask(a));
                payload.setBytes(3, TokenPayload.encode(a.length(), PayloadFields.arrays(a)));
                payload.executeUpdate();
                text.setLong(1, id);
                text.setString(2, a.text());
                text.executeUpdate();
                if (++done % REPORT_EVERY == 0) {
                    progress.progress(step, done, total);
                }
            }
        }
        progress.progress(step, done, total);
        progress.progress("rebuilding the text index", done, total);
    }
}
