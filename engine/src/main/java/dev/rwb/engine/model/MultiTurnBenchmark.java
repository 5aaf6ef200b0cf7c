package dev.rwb.engine.model;

import ai.djl.Device;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Throughput of the KV-cache session on the pattern of a multi-turn tool-use rollout, without a
 * task or tools: the tiny GPT preset (random weights) and a batch of episodes that generate a
 * stretch of tokens, then some of them get a tool observation of ragged length appended, some
 * finish and sit idle, and the rest go on; repeated for a few turns. Reports generated tokens/s
 * over the whole rollout (observation feeds included), the single-token decode step at the end
 * (every episode active, long cache), and the cache's time axis against the real sequence lengths.
 * With one intra-op thread libtorch computes on the calling thread, so the figures are also given
 * per second of this thread's CPU time, which a loaded machine disturbs far less than wall time.
 */
public final class MultiTurnBenchmark {
    /** Sizes of one run; {@link #kbSearch()} is the shape of the kb-search GRPO sample configs. */
    public record Shape(int vocab, int context, int batch, int minPrompt, int maxPrompt, int turns, int generate,
                        int minObservation, int maxObservation, double observedFraction, double finishFraction,
                        int decodeSteps) {
        public static Shape kbSearch() {
            return new Shape(128, 512, 128, 20, 40, 4, 20, 60, 100, 0.5, 0.25, 10);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Shape shape;

    public MultiTurnBenchmark(Shape shape) {
        this.shape = shape;
    }

    /** Runs {@code runs} rollouts (after one untimed warm-up) and returns medians, JSON-friendly. */
    public Map<String, Object> run(Device device, int runs) {
        GptConfig config = GptConfig.tiny(shape.vocab(), shape.context());
        List<String> vocabulary = new ArrayList<>(List.of(TaskTokenizer.PAD, TaskTokenizer.BOS, TaskTokenizer.EOS));
        for (int i = vocabulary.size(); i < shape.vocab(); i++) {
            vocabulary.add("t" + i);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (GptPolicy policy = GptPolicy.create(config, TaskTokenizer.fromVocabulary(vocabulary), device)) {
            out.put("engine", ComputeDevice.describe(device));
            out.put("params", config.parameterCount());
            out.put("batch", shape.batch());
            out.put("turns", shape.turns());
            rollout(policy, new Random(-1));
            double[] tokensPerSecond = new double[runs];
            double[] tokensPerCpuSecond = new double[runs];
            double[] stepMillis = new double[runs];
            double[] stepCpuMillis = new double[runs];
            Rollout last = null;
            for (int r = 0; r < runs; r++) {
                last = rollout(policy, new Random(r));
                tokensPerSecond[r] = last.generated / last.seconds;
                tokensPerCpuSecond[r] = last.generated / last.cpuSeconds;
                stepMillis[r] = last.decodeStepMillis;
                stepCpuMillis[r] = last.decodeStepCpuMillis;
            }
            out.put("generated_tokens", last.generated);
            out.put("rollout_tokens_per_s", Math.round(ModelBenchmark.median(tokensPerSecond)));
            out.put("rollout_tokens_per_cpu_s", Math.round(ModelBenchmark.median(tokensPerCpuSecond)));
            out.put("decode_step_ms", Math.round(ModelBenchmark.median(stepMillis) * 100) / 100.0);
            out.put("decode_step_cpu_ms", Math.round(ModelBenchmark.median(stepCpuMillis) * 100) / 100.0);
            out.put("cache_slots", last.cacheSlots);
            out.put("longest_sequence", last.longest);
            out.put("mean_sequence", Math.round(last.mean * 10) / 10.0);
        }
        return out;
    }

    private record Rollout(long generated, double seconds, double cpuSeconds, double decodeStepMillis,
                           double decodeStepCpuMillis, int cacheSlots, int longest, double mean) {
    }

    private Rollout rollout(GptPolicy policy, Random random) {
        int batch = shape.batch();
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            prompts.add(tokens(random, shape.minPrompt() + random.nextInt(shape.maxPrompt() - shape.minPrompt() + 1)));
        }
        boolean[] active = new boolean[batch];
        Arrays.fill(active, true);
        long generated = 0;
        try (GenerationSession s = policy.start(prompts, SamplingParams.of(1f, random.nextLong()))) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int turn = 0; turn < shape.turns(); turn++) {
                for (Generation g : s.generate(active, shape.generate(), Set.of())) {
                    generated += g.tokenIds().length;
                }
                for (int b = 0; b < batch; b++) {
                    if (!active[b] || turn == shape.turns() - 1) {
                        continue;
                    }
                    if (random.nextDouble() < shape.finishFraction()) {
                        active[b] = false;
                    } else if (random.nextDouble() < shape.observedFraction()) {
                        int n = shape.minObservation() + random.nextInt(shape.maxObservation() - shape.minObservation() + 1);
                        s.append(b, tokens(random, n));
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
            boolean[] all = new boolean[batch];
            Arrays.fill(all, true);
            s.generate(all, 1, Set.of());
            double[] ms = new double[shape.decodeSteps()];
            double[] cpuMs = new double[shape.decodeSteps()];
            for (int i = 0; i < ms.length; i++) {
                long t1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                s.generate(all, 1, Set.of());
                ms[i] = (System.nanoTime() - t1) / 1e6;
                cpuMs[i] = (THREADS.getCurrentThreadCpuTime() - c1) / 1e6;
            }
            int longest = 0;
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                longest = Math.max(longest, s.length(b));
                sum += s.length(b);
            }
            int slots = s instanceof KvCacheSession kv ? kv.cachedSlots() : -1;
            return new Rollout(generated, seconds, cpuSeconds, ModelBenchmark.median(ms), ModelBenchmark.median(cpuMs), slots, longest, sum / batch);
        }
    }

    private int[] tokens(Random random, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 + random.nextInt(shape.vocab() - 3);
        }
        return ids;
    }
}
