package dev.rwb.engine.interop.primerl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

/** Reads prime-rl's aligned per-token arrays, checking each has as many values as {@code token_ids}. */
final class TokenColumns {
    private final JsonRecord record;
    private final int length;

    TokenColumns(JsonRecord record, int length) {
        this.record = record;
        this.length = length;
    }

    static int[] ints(JsonRecord r, String name) throws TrajectoryFormatException {
        JsonNode arr = r.array(name);
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = arr.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw r.error(name + "[" + i + "]", "expected an integer, found " + JsonRecord.describe(v));
            }
            out[i] = v.asInt();
        }
        return out;
    }

    /** An optional int array (null when absent). */
    int[] optInts(String name) throws TrajectoryFormatException {
        if (!record.has(name)) {
            return null;
        }
        int[] out = ints(record, name);
        checkLength(name, out.length);
        return out;
    }

    /** A float|null array; NaN for null and for an absent field. */
    float[] floats(String name) throws TrajectoryFormatException {
        float[] out = new float[length];
        if (!record.has(name)) {
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        }
        JsonNode arr = record.array(name);
        checkLength(name, arr.size());
        for (int i = 0; i < length; i++) {
            JsonNode v = arr.get(i);
            if (v.isNull()) {
                out[i] = Float.NaN;
            } else if (v.isNumber()) {
                out[i] = (float) v.asDouble();
            } else {
                throw record.error(name + "[" + i + "]", "expected a number or null, found " + JsonRecord.describe(v));
            }
        }
        return out;
    }

    /** A bool|null array; false for null; {@code required} makes an absent field an error. */
    boolean[] booleans(String name, boolean required) throws TrajectoryFormatException {
        boolean[] out = new boolean[length];
        if (!record.has(name)) {
            if (required) {
                throw record.error(name, "missing");
            }
            return out;
        }
        JsonNode arr = record.array(name);
        checkLength(name, arr.size());
        for (int i = 0; i < length; i++) {
            JsonNode v = arr.get(i);
            if (v.isBoolean()) {
                out[i] = v.asBoolean();
            } else if (!v.isNull()) {
                throw record.error(name + "[" + i + "]", "expected true, false or null, found " + JsonRecord.describe(v));
            }
        }
        return out;
    }

    private void checkLength(String name, int actual) throws TrajectoryFormatException {
        if (actual != length) {
            throw record.error(name, "has " + actual + " values but token_ids has " + length
                    + " (prime-rl's per-token arrays must be aligned)");
        }
    }
}
