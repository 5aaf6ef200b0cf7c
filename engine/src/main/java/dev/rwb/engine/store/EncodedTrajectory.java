package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

/**
 * A trajectory in the form it is stored: its row fields, its whole text and its compressed
 * per-token payload. Encoding is the CPU-heavy half of storing, and {@link #of} is safe to call on
 * any thread, so an import encodes on all cores and its single writer thread only inserts rows.
 * It holds a few bytes per token instead of the token arrays' objects, which keeps a buffered
 * chunk small.
 */
public final class EncodedTrajectory {
    private static final TokenArrays NO_TOKENS = new TokenArrays(new int[0], new String[0], new Role[0], new int[0],
            new float[0], new float[0], new float[0], new float[0], new float[0], new float[0], new boolean[0]);

    /** The trajectory's fields with its token arrays left out. */
    final Trajectory header;
    final int length;
    final int responseLength;
    final String text;
    /** The text's words for the {@code contains} index ({@link TextGrams#of}), computed here, off the writer thread. */
    final String grams;
    final byte[] payload;
    final long nanMask;
    /** {@link SignedRanges#maxAbsUnmasked} of the advantages and of the contributions: the row's share of its run's scale. */
    final double maxAbsAdvantage;
    final double maxAbsContribution;

    private EncodedTrajectory(Trajectory header, int length, int responseLength, String text, StopGrams stop,
                              byte[] payload, long nanMask, double maxAbsAdvantage, double maxAbsContribution) {
        this.grams = TextGrams.of(text, stop);
        this.header = header;
        this.length = length;
        this.responseLength = responseLength;
        this.text = text;
        this.payload = payload;
        this.nanMask = nanMask;
        this.maxAbsAdvantage = maxAbsAdvantage;
        this.maxAbsContribution = maxAbsContribution;
    }

    /** Encodes a trajectory for {@link TrajectoryWriter#write(EncodedTrajectory)}. */
    public static EncodedTrajectory of(Trajectory t) {
        return of(t, t.tokens().text());
    }

    /** {@link #of(Trajectory)} with the trajectory's text already built: {@code t.tokens().text()}. */
    public static EncodedTrajectory of(Trajectory t, String text) {
        return of(t, text, StopGrams.NONE);
    }

    /**
     * {@link #of(Trajectory, String)} whose index words leave out the store's stop grams
     * ({@link TrajectoryWriter#stopGrams()}, {@link WorkbenchStore#stopGrams()}): fewer postings to write.
     */
    public static EncodedTrajectory of(Trajectory t, String text, StopGrams stop) {
        TokenArrays a = t.tokens();
        byte[] payload = TokenPayload.encode(a.length(), PayloadFields.arrays(a));
        return new EncodedTrajectory(t.withTokens(NO_TOKENS), a.length(), t.responseLength(), text, stop, payload,
                PayloadFields.nanMask(a), SignedRanges.maxAbsUnmasked(a.advantages(), a.lossWeights()),
                SignedRanges.maxAbsUnmasked(a.contributions(), a.lossWeights()));
    }

    /** The run the trajectory belongs to. */
    public String run() {
        return header.run();
    }

    /**
     * Bytes this trajectory adds to a chunk: its text (UTF-16 chars ≈ UTF-8 bytes for most text), its
     * index words and payload.
     */
    public long storedBytes() {
        return text.length() + grams.length() + payload.length + 200L;
    }
}
