package dev.rwb.engine.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * maj@k: the answer most of k samples give, judged by the verifier. With n &gt; k samples the
 * estimate averages over random k-subsets (seeded); with k = n it is the vote of all samples.
 * Samples without an answer do not vote; ties go to the answer seen first; no votes counts as wrong.
 */
public final class MajorityVote {
    /** k-subsets drawn per problem when k &lt; n. */
    static final int SUBSETS = 200;

    private MajorityVote() {
    }

    /** Whether the majority answer of the samples at {@code indices} is correct. */
    public static boolean majorityCorrect(ProblemSamples p, int[] indices) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Boolean> verdict = new LinkedHashMap<>();
        for (int i : indices) {
            String a = p.answers().get(i);
            if (a == null) {
                continue;
            }
            String key = a.trim();
            votes.merge(key, 1, Integer::sum);
            verdict.putIfAbsent(key, p.correct().get(i));
        }
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best != null && verdict.get(best);
    }

    /** The expected correctness of the majority of k samples of one problem. */
    public static double majAtK(ProblemSamples p, int k, long seed) {
        int n = p.n();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("maj@k needs 1 ≤ k ≤ n, got k=" + k + ", n=" + n);
        }
        if (k == n) {
            return majorityCorrect(p, range(n)) ? 1 : 0;
        }
        Random rng = new Random(seed);
        int hits = 0;
        for (int s = 0; s < SUBSETS; s++) {
            hits += majorityCorrect(p, subset(n, k, rng)) ? 1 : 0;
        }
        return (double) hits / SUBSETS;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** k distinct indices of 0..n−1 in random order (a partial Fisher–Yates shuffle). */
    private static int[] subset(int n, int k, Random rng) {
        int[] all = range(n);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
