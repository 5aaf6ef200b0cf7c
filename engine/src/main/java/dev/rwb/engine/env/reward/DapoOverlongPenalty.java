package dev.rwb.engine.env.reward;

/**
 * DAPO's soft overlong punishment (DESIGN §5): no penalty up to {@code maxLength − cacheLength},
 * a linear ramp to −1 across the cache buffer, −1 beyond {@code maxLength}.
 */
public final class DapoOverlongPenalty {
    private final int maxLength;
    private final int cacheLength;

    public DapoOverlongPenalty(int maxLength, int cacheLength) {
        if (cacheLength <= 0 || cacheLength > maxLength) {
            throw new IllegalArgumentException("overlong cache length must be in 1.." + maxLength + ", got " + cacheLength);
        }
        this.maxLength = maxLength;
        this.cacheLength = cacheLength;
    }

    public double apply(int length) {
        int safe = maxLength - cacheLength;
        if (length <= safe) {
            return 0;
        }
        if (length <= maxLength) {
            // ((L_max − L_cache) − |y|) / L_cache, in (−1, 0]
            return (double) (safe - length) / cacheLength;
        }
        return -1;
    }
}
