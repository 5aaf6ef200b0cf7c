package dev.rwb.engine.env.rollout;

import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A scripted policy for tests: sequence b writes the concatenation of its chunks token by token,
 * honouring stop tokens and the token budget like a real sampler. Token number i (counting every
 * token the sequence ever sampled) gets logprob −(i+1)/100 and entropy (i+1)/10, so tests can
 * check exactly where these values land. Records what was appended and each call's budget.
 */
final class FakePolicy implements Policy {
    private final Tokenizer tokenizer;
    private final List<String> texts;
    private final int contextLength;
    final List<List<int[]>> appended = new ArrayList<>();
    final List<Integer> budgets = new ArrayList<>();
    /** Per-sequence script positions that outlive a session (partial rollouts resume in a new session); else null. */
    private final int[] resumedCursors;

    FakePolicy(Tokenizer tokenizer, List<String> texts, int contextLength) {
        this(tokenizer, texts, contextLength, false);
    }

    /** With {@code resume}, sequence b of a later session continues its script where it stopped. */
    FakePolicy(Tokenizer tokenizer, List<String> texts, int contextLength, boolean resume) {
        this.tokenizer = tokenizer;
        this.texts = texts;
        this.contextLength = contextLength;
        this.resumedCursors = resume ? new int[texts.size()] : null;
    }

    @Override
    public GenerationSession start(List<int[]> prompts, SamplingParams params) {
        int n = prompts.size();
        int[] lengths = prompts.stream().mapToInt(p -> p.length).toArray();
        int[][] scripts = texts.stream().map(tokenizer::encode).toArray(int[][]::new);
        int[] cursor = resumedCursors != null ? resumedCursors : new int[n];
        for (int b = 0; b < n; b++) {
            appended.add(new ArrayList<>());
        }
        return new GenerationSession() {
            @Override
            public int batchSize() {
                return n;
            }

            @Override
            public int length(int b) {
                return lengths[b];
            }

            @Override
            public void append(int b, int[] tokenIds) {
                appended.get(b).add(tokenIds);
                lengths[b] += tokenIds.length;
            }

            @Override
            public List<Generation> generate(boolean[] active, int maxNewTokens, Set<Integer> stopTokens) {
                budgets.add(maxNewTokens);
                List<Generation> out = new ArrayList<>();
                for (int b = 0; b < n; b++) {
                    List<Integer> ids = new ArrayList<>();
                    boolean stopped = false;
                    while (active[b] && !stopped && ids.size() < maxNewTokens) {
                        int id = cursor[b] < scripts[b].length ? scripts[b][cursor[b]] : tokenizer.eosId();
                        cursor[b]++;
                        ids.add(id);
                        stopped = stopTokens.contains(id);
                    }
                    int start = cursor[b] - ids.size();
                    float[] lp = new float[ids.size()];
                    float[] ent = new float[ids.size()];
                    for (int i = 0; i < ids.size(); i++) {
                        lp[i] = -(start + i + 1) / 100f;
                        ent[i] = (start + i + 1) / 10f;
                    }
                    lengths[b] += ids.size();
                    out.add(new Generation(ids.stream().mapToInt(Integer::intValue).toArray(), lp, ent, stopped));
                }
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    static String text(Tokenizer tok, int[] ids) {
        return tok.decode(ids);
    }

    static String all(Tokenizer tok, List<int[]> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> sb.append(tok.decode(c)));
        return sb.toString();
    }

    static int[] concat(List<int[]> chunks) {
        return chunks.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
