package dev.rwb.engine.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token of one sequence from its logits, in Java (PyTorch's multinomial is not
 * exposed by DJL): greedy, or temperature + top-k + top-p sampling. Reports the policy's own
 * log-prob of the pick and the entropy, both from the untempered, unfiltered distribution.
 */
final class NextTokenSampler {
    /** One pick: the token, log π(token) and H(π), π = softmax(logits). */
    record Pick(int token, float logprob, float entropy) {
    }

    private final SamplingParams params;

    NextTokenSampler(SamplingParams params) {
        if (params.temperature() < 0 || params.topK() < 0 || !(params.topP() > 0 && params.topP() <= 1)) {
            throw new IllegalArgumentException("invalid sampling parameters " + params);
        }
        this.params = params;
    }

    /** Picks from {@code logits[offset .. offset+vocab)}. */
    Pick pick(float[] logits, int offset, int vocab, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int v = 0; v < vocab; v++) {
            if (logits[offset + v] > max) {
                max = logits[offset + v];
                argmax = v;
            }
        }
        // log Z = max + log Σ exp(l_v - max);  H = log Z - Σ p_v l_v
        double sum = 0;
        double weighted = 0;
        for (int v = 0; v < vocab; v++) {
            double e = Math.exp(logits[offset + v] - max);
            sum += e;
            weighted += e * logits[offset + v];
        }
        double logZ = max + Math.log(sum);
        double entropy = logZ - weighted / sum;
        int token = params.temperature() == 0 ? argmax : sample(logits, offset, vocab, max, random);
        return new Pick(token, (float) (logits[offset + token] - logZ), (float) entropy);
    }

    private int sample(float[] logits, int offset, int vocab, double max, SplittableRandom random) {
        double invT = 1.0 / params.temperature();
        // p_v ∝ exp((l_v - max)/T)
        double[] p = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            p[v] = Math.exp((logits[offset + v] - max) * invT);
        }
        if (params.topK() > 0 && params.topK() < vocab || params.topP() < 1f) {
            keepNucleus(p);
        }
        double total = 0;
        for (double q : p) {
            total += q;
        }
        double u = random.nextDouble() * total;
        int last = 0;
        for (int v = 0; v < vocab; v++) {
            if (p[v] > 0) {
                last = v;
                u -= p[v];
                if (u < 0) {
                    return v;
                }
            }
        }
        return last;
    }

    /** Zeroes every token outside the top-k and outside the smallest set with mass ≥ top-p. */
    private void keepNucleus(double[] p) {
        Integer[] order = new Integer[p.length];
        double total = 0;
        for (int v = 0; v < p.length; v++) {
            order[v] = v;
            total += p[v];
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int k = params.topK() > 0 ? Math.min(params.topK(), p.length) : p.length;
        double cumulative = 0;
        int keep = 0;
        while (keep < k) {
            cumulative += p[order[keep]];
            keep++;
            if (cumulative >= params.topP() * total) {
                break;
            }
        }
        for (int i = keep; i < p.length; i++) {
            p[order[i]] = 0;
        }
    }
}
