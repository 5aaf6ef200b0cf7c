package dev.rwb.engine.diff;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.rwb.engine.diff.TokenAlignment.Kind.CHANGE;
import static dev.rwb.engine.diff.TokenAlignment.Kind.DELETE;
import static dev.rwb.engine.diff.TokenAlignment.Kind.EQUAL;
import static dev.rwb.engine.diff.TokenAlignment.Kind.INSERT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token alignment: common prefix, then Myers; and the per-token deltas of two trajectories. */
class TokenAlignerTest {
    private static TokenAlignment.Chunk chunk(TokenAlignment.Kind k, int a0, int a1, int b0, int b1) {
        return new TokenAlignment.Chunk(k, a0, a1, b0, b1);
    }

    @Test
    void identicalSequencesAreOneEqualStretch() {
        TokenAlignment al = TokenAligner.align(new int[]{1, 2, 3}, new int[]{1, 2, 3});
        assertTrue(al.identical());
        assertEquals(3, al.prefix());
        assertEquals(List.of(chunk(EQUAL, 0, 3, 0, 3)), al.chunks());
    }

    @Test
    void aReplacedTokenAfterTheCommonPrefixIsAChange() {
        TokenAlignment al = TokenAligner.align(new int[]{1, 2, 3, 4, 5}, new int[]{1, 2, 9, 4, 5});
        assertEquals(2, al.prefix());
        assertEquals(List.of(chunk(EQUAL, 0, 2, 0, 2), chunk(CHANGE, 2, 3, 2, 3), chunk(EQUAL, 3, 5, 3, 5)),
                al.chunks());
    }

    @Test
    void insertionsAndDeletionsKeepTheRestAligned() {
        // B drops 3 and gains 7, 8 before 6: the two ends stay aligned
        TokenAlignment al = TokenAligner.align(new int[]{1, 2, 3, 4, 5, 6}, new int[]{1, 2, 4, 5, 7, 8, 6});
        assertEquals(List.of(chunk(EQUAL, 0, 2, 0, 2), chunk(DELETE, 2, 3, 2, 2), chunk(EQUAL, 3, 5, 2, 4),
                chunk(INSERT, 5, 5, 4, 6), chunk(EQUAL, 5, 6, 6, 7)), al.chunks());
        int[][] pairs = al.pairs();
        assertEquals(8, pairs.length, "6 of A + 2 inserted");
        assertArrayEquals(new int[]{2, -1}, pairs[2]);
        assertArrayEquals(new int[]{3, 2}, pairs[3]);
        assertArrayEquals(new int[]{-1, 4}, pairs[5]);
        assertArrayEquals(new int[]{5, 6}, pairs[7]);
    }

    @Test
    void aLongerSecondSequenceEndsWithAnInsert() {
        TokenAlignment al = TokenAligner.align(new int[]{1, 2}, new int[]{1, 2, 3, 4});
        assertEquals(List.of(chunk(EQUAL, 0, 2, 0, 2), chunk(INSERT, 2, 2, 2, 4)), al.chunks());
        assertFalse(al.identical());
        assertEquals(List.of(chunk(INSERT, 2, 2, 2, 4)), al.differences());
        assertEquals(List.of(chunk(DELETE, 0, 2, 0, 0)), TokenAligner.align(new int[]{5, 6}, new int[0]).chunks());
    }

    private static Trajectory trajectory(int[] ids, float[] logprobs) {
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < ids.length; i++) {
            b.add(ids[i], "t" + ids[i], Role.ANSWER, 0, 1f, logprobs[i], Float.NaN, 0.1f * i, 0.5f, 0.5f * logprobs[i],
                    false);
        }
        return new Trajectory(0, "r", 0, "p", "g", 0, "t", "", "", 1, Map.of(), true, FinishReason.STOP, 0, false,
                List.of(), b.build());
    }

    @Test
    void alignedTokensGetTheirDeltasInsertedAndDeletedOnesNone() {
        Trajectory a = trajectory(new int[]{1, 2, 3, 4}, new float[]{-1f, -2f, -3f, -4f});
        Trajectory b = trajectory(new int[]{1, 2, 9, 4, 5}, new float[]{-0.5f, -2f, -1f, -6f, -1f});
        TrajectoryDiff d = TrajectoryDiff.of(a, b);
        // 1, 2 aligned; 3 deleted, 9 inserted (a change); 4 aligned; 5 inserted
        assertEquals(3, d.alignedCount());
        assertEquals(2, d.insertedCount());
        assertEquals(1, d.deletedCount());
        List<TrajectoryDiff.Entry> e = d.entries();
        assertEquals(0.5, d.delta(e.get(0), TrajectoryDiff.Value.LOGPROB), 1e-6, "−0.5 − (−1)");
        assertEquals(0.0, d.delta(e.get(1), TrajectoryDiff.Value.LOGPROB), 1e-6);
        assertTrue(e.get(2).deleted());
        assertEquals("t3", d.text(e.get(2)));
        assertTrue(Double.isNaN(d.delta(e.get(2), TrajectoryDiff.Value.LOGPROB)));
        assertTrue(e.get(3).inserted());
        assertEquals(new TrajectoryDiff.Entry(3, 3), e.get(4));
        assertEquals(-2.0, d.delta(e.get(4), TrajectoryDiff.Value.LOGPROB), 1e-6, "−6 − (−4)");
        assertEquals(2.0, d.maxAbsDelta(TrajectoryDiff.Value.LOGPROB), 1e-6);
        assertEquals((0.5 + 0 + 2) / 3, d.meanAbsDelta(TrajectoryDiff.Value.LOGPROB), 1e-6);
        assertEquals(-1.0, d.delta(e.get(4), TrajectoryDiff.Value.CONTRIBUTION), 1e-6, "0.5·(−6) − 0.5·(−4)");
        assertEquals(0.0, d.delta(e.get(4), TrajectoryDiff.Value.ENTROPY), 1e-6, "both at position 3");
    }
}
