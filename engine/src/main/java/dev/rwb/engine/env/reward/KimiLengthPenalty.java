package dev.rwb.engine.env.reward;

/**
 * Kimi k1.5 length reward within a group of responses to one prompt (DESIGN §5): shorter correct
 * answers earn up to +0.5, longer ones down to −0.5; wrong answers are only ever penalised.
 */
public final class KimiLengthPenalty {
    private KimiLengthPenalty() {
    }

    /** One term per response; all zero when every length is equal. */
    public static double[] compute(int[] lengths, boolean[] correct) {
        double[] out = new double[lengths.length];
        if (lengths.length == 0) {
            return out;
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int len : lengths) {
            min = Math.min(min, len);
            max = Math.max(max, len);
        }
        if (max == min) {
            return out;
        }
        for (int i = 0; i < lengths.length; i++) {
            // λ = 0.5 − (len − min_len) / (max_len − min_len)
            double lambda = 0.5 - (double) (lengths[i] - min) / (max - min);
            // reward term: λ if correct, min(0, λ) if wrong
            out[i] = correct[i] ? lambda : Math.min(0, lambda);
        }
        return out;
    }
}
