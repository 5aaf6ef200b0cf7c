package dev.rwb.engine.score;

import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts a model's scores onto a stored trajectory's tokens. When the stored ids are ids of the
 * model's tokenizer that decode to the stored text (a rollout of our own, or an import tokenised
 * with this model's tokenizer.json, even piece by piece) they are scored as they are and the scores
 * map one to one. Otherwise (an import tokenised another way)
 * the text is re-tokenised with the model's tokenizer and scored, and each stored token gets the
 * summed log-probability of the model tokens that start inside it, which by the chain rule is the
 * log-probability of its text where token boundaries coincide, and the entropy at the first of
 * them; a stored token inside which no model token starts gets no score (NaN).
 *
 * @param logprob one value per stored token
 * @param entropy one value per stored token
 * @param exactIds true when the stored ids were the model's own
 * @param model the scores of the model's own tokens
 */
public record StoredTokenAlignment(float[] logprob, float[] entropy, boolean exactIds, SequenceScores model) {

    /** Scores {@code stored} with {@code scorer}, whose tokenizer is {@code tokenizer}. */
    public static StoredTokenAlignment score(TokenArrays stored, HfTokenizer tokenizer, TokenScorer scorer) {
        String text = stored.text();
        if (isTokenisationOf(stored.tokenIds(), text, tokenizer)) {
            SequenceScores s = scorer.score(stored.tokenIds());
            return new StoredTokenAlignment(s.logprob().clone(), s.entropy().clone(), true, s);
        }
        List<Integer> starts = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        int[] offset = {0};
        tokenizer.split(text, (id, piece) -> {
            ids.add(id);
            starts.add(offset[0]);
            offset[0] += piece.length();
        });
        SequenceScores s = scorer.score(ids.stream().mapToInt(Integer::intValue).toArray());
        int n = stored.length();
        float[] logprob = new float[n];
        float[] entropy = new float[n];
        Arrays.fill(logprob, Float.NaN);
        Arrays.fill(entropy, Float.NaN);
        int j = 0;
        int at = 0;
        for (int i = 0; i < n; i++) {
            int end = at + stored.tokenText()[i].length();
            float sum = 0f;
            boolean any = false;
            while (j < starts.size() && starts.get(j) < end) {
                if (starts.get(j) >= at) {
                    // log p(text of stored token) = Σ_j log p(model token j | before)
                    sum += s.logprob()[j];
                    if (!any) {
                        entropy[i] = s.entropy()[j];
                    }
                    any = true;
                }
                j++;
            }
            if (any) {
                logprob[i] = sum;
            }
            at = end;
        }
        return new StoredTokenAlignment(logprob, entropy, false, s);
    }

    /** True when every id is in the tokenizer's vocabulary and the ids decode to exactly {@code text}. */
    static boolean isTokenisationOf(int[] ids, String text, HfTokenizer tokenizer) {
        for (int id : ids) {
            if (id < 0 || id >= tokenizer.vocabSize()) {
                return false;
            }
        }
        return tokenizer.decode(ids).equals(text);
    }
}
