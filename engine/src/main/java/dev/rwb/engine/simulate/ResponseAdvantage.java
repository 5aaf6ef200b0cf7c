package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.Arrays;

/** Every response token shares its response's advantage (DESIGN §2); prompt tokens have none (NaN). */
final class ResponseAdvantage {
    private ResponseAdvantage() {
    }

    static TokenArrays assign(TokenArrays t, float advantage) {
        float[] adv = new float[t.length()];
        Arrays.fill(adv, Float.NaN);
        int first = 0;
        while (first < t.length() && !t.roles()[first].isModelWritten()) {
            first++;
        }
        Arrays.fill(adv, first, t.length(), advantage);
        return new TokenArrays(t.tokenIds(), t.tokenText(), t.roles(), t.turns(), t.lossWeights(), t.logprobs(),
                t.refLogprobs(), t.entropies(), adv, t.contributions(), t.clipped());
    }
}
