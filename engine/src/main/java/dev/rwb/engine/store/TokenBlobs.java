package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TopLogprobs;
import dev.rwb.engine.trajectory.TokenArrays;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Compact little-endian encodings of the per-token arrays, one BLOB per field (DESIGN §4), so a
 * 32k-token trajectory loads in a handful of reads instead of 32k rows.
 * ints and floats: 4 bytes each; roles and booleans: 1 byte each; strings: the int32 byte length of
 * each token's UTF-8 text, then all the bytes. The schema-7 fields are NULL when they hold nothing
 * (all NaN, no alternatives, no streams): top-logprobs are, per token, an int32 count then that many
 * (int32 UTF-8 length, bytes, float32 logprob); loss streams an int32 count then, per stream, its
 * int32 UTF-8 name length, the name, and one float32 per token. This is the layout of schemas 1–7
 * ({@code trajectory_tokens}); schema 8 replaced it by {@link TokenPayload}, and it is read by that
 * migration (and written by a store kept at an older version, as migration tests do).
 */
final class TokenBlobs {
    private static final Role[] ROLES = Role.values();

    private TokenBlobs() {
    }

    /**
     * The fifteen legacy columns of a schema-7 {@code trajectory_tokens} row, in table order (the
     * eleven core fields, then trainer logprob, mismatch KL, top logprobs, loss streams), starting at {@code first}.
     */
    static TokenArrays read(ResultSet rs, int first) throws SQLException {
        int[] ids = ints(rs.getBytes(first));
        int n = ids.length;
        return new TokenArrays(ids, strings(rs.getBytes(first + 1), n), roles(rs.getBytes(first + 2)),
                ints(rs.getBytes(first + 3)), floats(rs.getBytes(first + 4)), floats(rs.getBytes(first + 5)),
                floats(rs.getBytes(first + 6)), floats(rs.getBytes(first + 7)), floats(rs.getBytes(first + 8)),
                floats(rs.getBytes(first + 9)), booleans(rs.getBytes(first + 10)), floatsOrNaN(rs.getBytes(first + 11), n),
                floatsOrNaN(rs.getBytes(first + 12), n), topLogprobs(rs.getBytes(first + 13), n),
                streams(rs.getBytes(first + 14), n));
    }

    static byte[] ints(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    static int[] ints(byte[] blob) {
        int[] out = new int[blob.length / 4];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static float[] floats(byte[] blob) {
        float[] out = new float[blob.length / 4];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static byte[] roles(Role[] roles) {
        byte[] out = new byte[roles.length];
        for (int i = 0; i < roles.length; i++) {
            out[i] = (byte) roles[i].ordinal();
        }
        return out;
    }

    static Role[] roles(byte[] blob) {
        Role[] out = new Role[blob.length];
        for (int i = 0; i < blob.length; i++) {
            int ordinal = blob[i];
            if (ordinal < 0 || ordinal >= ROLES.length) {
                throw new StoreException("corrupt role byte " + ordinal + " at token " + i);
            }
            out[i] = ROLES[ordinal];
        }
        return out;
    }

    static byte[] booleans(boolean[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (values[i] ? 1 : 0);
        }
        return out;
    }

    static boolean[] booleans(byte[] blob) {
        boolean[] out = new boolean[blob.length];
        for (int i = 0; i < blob.length; i++) {
            out[i] = blob[i] != 0;
        }
        return out;
    }

    static byte[] strings(String[] values) {
        byte[][] encoded = new byte[values.length][];
        int total = values.length * 4;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] e : encoded) {
            b.putInt(e.length);
        }
        for (byte[] e : encoded) {
            b.put(e);
        }
        return b.array();
    }

    static String[] strings(byte[] blob, int count) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            lengths[i] = b.getInt();
        }
        String[] out = new String[count];
        int pos = count * 4;
        for (int i = 0; i < count; i++) {
            out[i] = new String(blob, pos, lengths[i], StandardCharsets.UTF_8);
            pos += lengths[i];
        }
        return out;
    }

    /** The floats, or null when every value is NaN (the column stays NULL: nothing was recorded). */
    static byte[] floatsOrNull(float[] values) {
        for (float v : values) {
            if (!Float.isNaN(v)) {
                return floats(values);
            }
        }
        return null;
    }

    /** The floats of a nullable column; NULL gives {@code n} NaNs. */
    static float[] floatsOrNaN(byte[] blob, int n) {
        if (blob == null) {
            float[] out = new float[n];
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        }
        return floats(blob);
    }

    static byte[] topLogprobs(TopLogprobs[] values) {
        int total = values.length * 4;
        boolean any = false;
        byte[][][] encoded = new byte[values.length][][];
        for (int i = 0; i < values.length; i++) {
            String[] tokens = values[i].tokens();
            encoded[i] = new byte[tokens.length][];
            for (int k = 0; k < tokens.length; k++) {
                encoded[i][k] = tokens[k].getBytes(StandardCharsets.UTF_8);
                total += 8 + encoded[i][k].length;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putInt(encoded[i].length);
            for (int k = 0; k < encoded[i].length; k++) {
                b.putInt(encoded[i][k].length);
                b.put(encoded[i][k]);
                b.putFloat(values[i].logprobs()[k]);
            }
        }
        return b.array();
    }

    static TopLogprobs[] topLogprobs(byte[] blob, int n) {
        if (blob == null) {
            return TopLogprobs.none(n);
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        TopLogprobs[] out = new TopLogprobs[n];
        for (int i = 0; i < n; i++) {
            int k = b.getInt();
            if (k == 0) {
                out[i] = TopLogprobs.NONE;
                continue;
            }
            String[] tokens = new String[k];
            float[] logprobs = new float[k];
            for (int j = 0; j < k; j++) {
                int len = b.getInt();
                tokens[j] = new String(blob, b.position(), len, StandardCharsets.UTF_8);
                b.position(b.position() + len);
                logprobs[j] = b.getFloat();
            }
            out[i] = new TopLogprobs(tokens, logprobs);
        }
        return out;
    }

    static byte[] streams(java.util.Map<String, float[]> streams) {
        if (streams.isEmpty()) {
            return null;
        }
        int total = 4;
        java.util.List<byte[]> names = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, float[]> e : streams.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            total += 4 + name.length + 4 * e.getValue().length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(streams.size());
        int k = 0;
        for (float[] values : streams.values()) {
            byte[] name = names.get(k++);
            b.putInt(name.length);
            b.put(name);
            for (float v : values) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    static java.util.Map<String, float[]> streams(byte[] blob, int n) {
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        if (blob == null) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt();
        for (int s = 0; s < count; s++) {
            int len = b.getInt();
            String name = new String(blob, b.position(), len, StandardCharsets.UTF_8);
            b.position(b.position() + len);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = b.getFloat();
            }
            out.put(name, values);
        }
        return out;
    }
}
