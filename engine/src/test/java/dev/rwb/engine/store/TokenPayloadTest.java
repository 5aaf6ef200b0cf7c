package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact payload of schema 7: exact round trips, no bytes for empty arrays, and a clear error when corrupt. */
class TokenPayloadTest {

    private static TokenArrays roundTrip(TokenArrays a) {
        byte[] blob = TokenPayload.encode(a.length(), PayloadFields.arrays(a));
        return PayloadFields.tokens(TokenPayload.decode(blob), a.text());
    }

    @Test
    void reusedCompressionContextsWriteTheSameBytesAsAFreshOne() throws Exception {
        List<byte[]> inputs = new java.util.ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 64; k++) {
            byte[] raw = new byte[rnd.nextInt(1, 200_000)];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (k % 2 == 0 ? rnd.nextInt(256) : rnd.nextInt(4) + i / 1000);
            }
            inputs.add(raw);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<java.util.concurrent.Future<byte[]>> outs = new java.util.ArrayList<>();
                for (byte[] raw : inputs) {
                    outs.add(pool.submit(() -> TokenPayload.compress(raw)));
                }
                for (int k = 0; k < inputs.size(); k++) {
                    assertArrayEquals(com.github.luben.zstd.Zstd.compress(inputs.get(k), TokenPayload.LEVEL), outs.get(k).get(), "input " + k);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void everyFieldComesBackBitForBit() {
        TokenArrays a = TestTrajectories.searchEpisode("r", 3, "g", 1, 1.0, true, "Ada").tokens();
        assertTrue(roundTrip(a).contentEquals(a));
    }

    @Test
    void randomArraysWithExtremeValuesSurvive() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 5_000;
        TokenArrays.Builder b = TokenArrays.builder();
        String[] pieces = {"a", "é", "😀", "\n", "", " the", "\u0000", "\ud83d"};
        float[] specials = {Float.NaN, 0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-7f, -123.456f, 1f};
        for (int i = 0; i < n; i++) {
            int id = switch (i % 4) {
                case 0 -> Integer.MAX_VALUE - rnd.nextInt(3);
                case 1 -> -1;
                case 2 -> rnd.nextInt(200_000);
                default -> Integer.MIN_VALUE;
            };
            b.add(id, pieces[rnd.nextInt(pieces.length)], Role.values()[rnd.nextInt(Role.values().length)],
                    rnd.nextInt(50), specials[rnd.nextInt(8)], (float) -rnd.nextDouble(20), specials[rnd.nextInt(8)],
                    (float) rnd.nextDouble(), (float) rnd.nextGaussian(), (float) rnd.nextGaussian() * 1e-4f, rnd.nextBoolean());
        }
        TokenArrays a = b.build();
        TokenArrays back = roundTrip(a);
        assertTrue(back.contentEquals(a));
        // contentEquals treats every NaN alike; the stored bits of other values are exact, -0 included
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(a.lossWeights()[i])) {
                assertEquals(Float.floatToRawIntBits(a.lossWeights()[i]), Float.floatToRawIntBits(back.lossWeights()[i]));
            }
        }
    }

    @Test
    void anAllNanOrConstantArrayTakesNoBytesAndIsFlagged() {
        int n = 4_000;
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < n; i++) {
            b.add(i % 300, "w", Role.OTHER_MODEL, 0, 1f, Float.NaN, Float.NaN, Float.NaN, 0.25f, Float.NaN, false);
        }
        TokenArrays a = b.build();
        Map<String, TokenPayload.NamedArray> decoded = TokenPayload.decode(
                TokenPayload.encode(n, PayloadFields.arrays(a)));
        assertEquals(0.25f, ((float[]) decoded.get("advantage").values())[n - 1]);
        // logprob, ref_logprob, entropy, contribution, trainer_logprob, mismatch_kl: bits 1, 2, 3, 5, 6, 7
        assertEquals(0b11101110, PayloadFields.nanMask(a));
        byte[] raw = rawSize(a);
        // ids (about 2 bytes each before compression) dominate; 10 arrays of 4,000 floats would be 160 KB
        assertTrue(raw.length < 3 * n, "uncompressed layout " + raw.length + " bytes");
        assertTrue(roundTrip(a).contentEquals(a));
    }

    private static byte[] rawSize(TokenArrays a) {
        byte[] blob = TokenPayload.encode(a.length(), PayloadFields.arrays(a));
        return com.github.luben.zstd.Zstd.decompress(blob, (int) com.github.luben.zstd.Zstd.getFrameContentSize(blob));
    }

    @Test
    void aPayloadWrittenBeforeAnArrayExistedReadsItAsNan() {
        TokenArrays a = TestTrajectories.searchEpisode("r", 0, "g", 0, 0.0, false, "Bob").tokens();
        List<TokenPayload.NamedArray> arrays = new java.util.ArrayList<>(PayloadFields.arrays(a));
        arrays.removeIf(x -> x.name().equals("entropy"));
        TokenArrays back = PayloadFields.tokens(TokenPayload.decode(TokenPayload.encode(a.length(), arrays)), a.text());
        assertTrue(Arrays.stream(toDoubles(back.entropies())).allMatch(Double::isNaN));
        assertArrayEquals(a.tokenIds(), back.tokenIds());
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void aCorruptPayloadIsReportedNotMisread() {
        TokenArrays a = TestTrajectories.searchEpisode("r", 0, "g", 0, 0.0, false, "Bob").tokens();
        byte[] blob = TokenPayload.encode(a.length(), PayloadFields.arrays(a));
        assertThrows(RuntimeException.class, () -> TokenPayload.decode(Arrays.copyOf(blob, blob.length / 2)));
        StoreException e = assertThrows(StoreException.class,
                () -> PayloadFields.tokens(TokenPayload.decode(blob), a.text() + "extra"));
        assertTrue(e.getMessage().contains("token lengths cover"), e.getMessage());
    }
}
