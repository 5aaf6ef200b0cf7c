package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Role;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Compact little-endian encodings of the per-token arrays, one BLOB per field (DESIGN §4), so a
 * 32k-token trajectory loads in a handful of reads instead of 32k rows.
 * ints and floats: 4 bytes each; roles and booleans: 1 byte each; strings: the int32 byte length of
 * each token's UTF-8 text, then all the bytes.
 */
final class TokenBlobs {
    private static final Role[] ROLES = Role.values();

    private TokenBlobs() {
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
}
