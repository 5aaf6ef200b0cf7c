package dev.rwb.engine.env.rollout;

import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.Tokenizer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A policy that writes given text instead of sampling: sequence b emits the segments of
 * {@code scripts.get(b)} in order (a segment may span several generate calls if the budget is
 * small), then EOS. Used to turn oracle demonstrations into trajectories through the real
 * rollout engine and tools; its tokens carry NaN logprob and entropy (nothing was sampled).
 */
public final class ScriptedPolicy implements Policy {
    private final Tokenizer tokenizer;
    private final List<List<String>> scripts;
    private final int contextLength;

    public ScriptedPolicy(Tokenizer tokenizer, List<List<String>> scripts, int contextLength) {
        this.tokenizer = tokenizer;
        this.scripts = List.copyOf(scripts);
        this.contextLength = contextLength;
    }

    @Override
    public GenerationSession start(List<int[]> prompts, SamplingParams params) {
        if (prompts.size() != scripts.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + scripts.size() + " scripts");
        }
        return new Session(prompts);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    private final class Session implements GenerationSession {
        private final int[] lengths;
        private final List<Deque<String>> segments = new ArrayList<>();
        private final List<Deque<Integer>> pending = new ArrayList<>();

        Session(List<int[]> prompts) {
            lengths = new int[prompts.size()];
            for (int b = 0; b < prompts.size(); b++) {
                lengths[b] = prompts.get(b).length;
                segments.add(new ArrayDeque<>(scripts.get(b)));
                pending.add(new ArrayDeque<>());
            }
        }

        @Override
        public int batchSize() {
            return lengths.length;
        }

        @Override
        public int length(int b) {
            return lengths[b];
        }

        @Override
        public void append(int b, int[] tokenIds) {
            lengths[b] += tokenIds.length;
        }

        @Override
        public List<Generation> generate(boolean[] active, int maxNewTokens, Set<Integer> stopTokens) {
            List<Generation> out = new ArrayList<>();
            for (int b = 0; b < lengths.length; b++) {
                out.add(active[b] ? emit(b, maxNewTokens, stopTokens) : empty());
            }
            return out;
        }

        private Generation emit(int b, int max, Set<Integer> stops) {
            Deque<Integer> queue = pending.get(b);
            if (queue.isEmpty()) {
                String next = segments.get(b).poll();
                if (next == null) {
                    queue.add(tokenizer.eosId());
                } else {
                    Arrays.stream(tokenizer.encode(next)).forEach(queue::add);
                }
            }
            List<Integer> ids = new ArrayList<>();
            boolean stopped = false;
            while (ids.size() < max && !queue.isEmpty() && !stopped) {
                int id = queue.poll();
                ids.add(id);
                stopped = stops.contains(id);
            }
            lengths[b] += ids.size();
            float[] nan = new float[ids.size()];
            Arrays.fill(nan, Float.NaN);
            return new Generation(ids.stream().mapToInt(Integer::intValue).toArray(), nan, nan.clone(), stopped);
        }

        private Generation empty() {
            return new Generation(new int[0], new float[0], new float[0], false);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
