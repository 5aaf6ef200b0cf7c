package dev.rwb.engine.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * pass@k, pass^k, maj@k and mean@k over a set of problems with n ≥ k samples each, each with a
 * seeded bootstrap 95% interval that resamples problems with replacement. Build with
 * {@link #builder(int)}.
 */
public final class EvalMetrics {
    private final int k;
    private final int resamples;
    private final long seed;

    private EvalMetrics(Builder b) {
        this.k = b.k;
        this.resamples = b.resamples;
        this.seed = b.seed;
    }

    /** Metrics at this k, 1000 bootstrap resamples, seed 0. */
    public static Builder builder(int k) {
        return new Builder(k);
    }

    /** {@code pass@k}, {@code pass^k}, {@code maj@k}, {@code mean@k} (keys with k filled in), in that order. */
    public Map<String, Estimate> compute(List<ProblemSamples> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to evaluate");
        }
        int m = problems.size();
        double[] pass = new double[m];
        double[] passHat = new double[m];
        double[] maj = new double[m];
        double[] mean = new double[m];
        for (int i = 0; i < m; i++) {
            ProblemSamples p = problems.get(i);
            if (p.n() < k) {
                throw new IllegalArgumentException("problem " + p.problemId() + " has " + p.n()
                        + " samples, fewer than k = " + k);
            }
            pass[i] = PassAtK.passAtK(p.n(), p.c(), k);
            passHat[i] = PassAtK.passHatK(p.n(), p.c(), k);
            maj[i] = MajorityVote.majAtK(p, k, seed * 31 + i);
            // mean@k: the expected accuracy of one of the k samples, c/n (unbiased for any k ≤ n)
            mean[i] = (double) p.c() / p.n();
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        out.put("pass@" + k, bootstrap(pass, 1));
        out.put("pass^" + k, bootstrap(passHat, 2));
        out.put("maj@" + k, bootstrap(maj, 3));
        out.put("mean@" + k, bootstrap(mean, 4));
        return out;
    }

    /** The mean of the per-problem values and the percentile interval of {@link #resamples} resampled means. */
    private Estimate bootstrap(double[] perProblem, int stream) {
        int m = perProblem.length;
        double mean = Arrays.stream(perProblem).average().orElse(0);
        Random rng = new Random(seed * 1_000_003L + stream);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += perProblem[rng.nextInt(m)];
            }
            means[b] = s / m;
        }
        Arrays.sort(means);
        return new Estimate(mean, percentile(means, 0.025), percentile(means, 0.975));
    }

    /** Linear interpolation between the closest ranks. */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Options: k (required), resamples and seed of the bootstrap. */
    public static final class Builder {
        private final int k;
        private int resamples = 1000;
        private long seed;

        private Builder(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be ≥ 1, got " + k);
            }
            this.k = k;
        }

        public Builder optResamples(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("bootstrap resamples must be ≥ 1, got " + count);
            }
            this.resamples = count;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        public EvalMetrics build() {
            return new EvalMetrics(this);
        }
    }
}
