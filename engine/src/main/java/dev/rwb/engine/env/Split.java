package dev.rwb.engine.env;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Train or held-out. Membership is a pure function of an instance's key (a hash), so the two
 * splits can never share an instance whatever seeds, levels or counts generate them.
 */
public enum Split {
    TRAIN,
    HELDOUT;

    /** Share of the key space that is held out (one key in ten). */
    private static final int HELDOUT_BUCKETS = 10;
    private static final int BUCKETS = 100;

    /** The split an instance key belongs to. */
    public static Split ofKey(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        // A second mix so that near-identical keys (differing by one digit) spread over buckets.
        long h = crc.getValue() * 0x9E3779B97F4A7C15L;
        int bucket = (int) Long.remainderUnsigned(h >>> 17, BUCKETS);
        return bucket < HELDOUT_BUCKETS ? HELDOUT : TRAIN;
    }

    public boolean contains(String key) {
        return ofKey(key) == this;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        return switch (n) {
            case "train" -> TRAIN;
            case "heldout", "test", "eval" -> HELDOUT;
            default -> throw new IllegalArgumentException("unknown split '" + name + "' (expected train or heldout)");
        };
    }
}
