package dev.rwb.engine.eval;

/**
 * Unbiased estimators of "at least one of k correct" and "all k correct" from n samples of which c
 * are correct (Chen et al. 2021, the Codex paper). Taking the first k samples, or the best of all n
 * (verl's best@N: 1 correct of 4 gives 0.684 by its bootstrap), is biased; these are the expectations
 * over every k-subset of the n samples.
 */
public final class PassAtK {
    private PassAtK() {
    }

    /**
     * pass@k = 1 − C(n−c, k) / C(n, k), computed as the product 1 − Π_{i=n−c+1..n} (1 − k/i), which
     * never forms a factorial (C(200, 100) overflows a double).
     */
    public static double passAtK(int n, int c, int k) {
        check(n, c, k);
        if (n - c < k) {
            return 1.0; // every k-subset holds a correct sample
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /** pass^k = C(c, k) / C(n, k) = Π_{i=0..k−1} (c−i)/(n−i): the chance that k samples drawn without replacement are all correct. */
    public static double passHatK(int n, int c, int k) {
        check(n, c, k);
        double all = 1.0;
        for (int i = 0; i < k; i++) {
            all *= (double) (c - i) / (n - i);
        }
        return Math.max(0, all);
    }

    private static void check(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
            throw new IllegalArgumentException("pass@k needs 1 ≤ k ≤ n and 0 ≤ c ≤ n, got n=" + n + ", c=" + c
                    + ", k=" + k);
        }
    }
}
