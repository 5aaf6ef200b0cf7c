package dev.rwb.engine.rl.train;

/** Running mean, standard deviation and maximum of a stream of values. */
final class Welford {
    private long n;
    private double mean;
    private double m2;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        max = Math.max(max, x);
    }

    double mean() {
        return n == 0 ? 0 : mean;
    }

    /** Population standard deviation. */
    double std() {
        return n == 0 ? 0 : Math.sqrt(m2 / n);
    }

    double max() {
        return n == 0 ? 0 : max;
    }
}
