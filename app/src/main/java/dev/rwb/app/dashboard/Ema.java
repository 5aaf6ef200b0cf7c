package dev.rwb.app.dashboard;

/**
 * Exponential moving average for noisy training curves, debiased like TensorBoard's smoothing
 * so the first points are not pulled towards zero.
 */
public final class Ema {
    /** What a smoothed curve's name adds to its metric's: "kl (EMA)". */
    static final String SUFFIX = " (EMA)";

    private Ema() {
    }

    /** The name of the smoothed curve of a metric. */
    static String curveOf(String metric) {
        return metric + SUFFIX;
    }

    /** The metric a curve draws: itself, or the one it smooths. */
    static String metricOf(String curve) {
        return curve.endsWith(SUFFIX) ? curve.substring(0, curve.length() - SUFFIX.length()) : curve;
    }

    /**
     * @param weight smoothing weight w in [0, 1): 0 = raw values, 0.9 = heavy smoothing
     * @return the smoothed series; NaN inputs stay NaN and do not disturb the average
     */
    public static double[] smooth(double[] ys, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] out = new double[ys.length];
        double biased = 0;
        int count = 0;
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                out[i] = Double.NaN;
                continue;
            }
            // m_t = w·m_{t−1} + (1−w)·y_t
            biased = weight * biased + (1 - weight) * ys[i];
            count++;
            // debias: s_t = m_t / (1 − w^t)
            out[i] = weight == 0 ? ys[i] : biased / (1 - Math.pow(weight, count));
        }
        return out;
    }
}
