package dev.rwb.engine.model;

import ai.djl.Device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Throughput of the model code on the shape of {@code shared/bench/reference_gpt.py}: a 2-layer,
 * d=128, 4-head GPT with learned positions and a separate head, vocabulary 64, context 64;
 * training on the reverse task (batch 32×64, loss on the second half, Adam); sampling 48 tokens
 * after 16-token prompts for 32 sequences with and without the KV cache; and the latency of one
 * single-token KV step at batch 128.
 */
public final class ModelBenchmark {
    /** Sizes of one benchmark run (defaults = the PyTorch reference's). */
    public record Shape(int vocab, int context, int dModel, int heads, int layers, int batch, int steps,
                        int warmup, int prompt, int generate, int decodeBatch) {
        public static Shape reference() {
            return new Shape(64, 64, 128, 4, 2, 32, 60, 10, 16, 48, 128);
        }
    }

    private final Shape shape;
    private final Random random = new Random(0);

    public ModelBenchmark(Shape shape) {
        this.shape = shape;
    }

    /** Runs every measurement and returns the figures (insertion-ordered, JSON-friendly). */
    public Map<String, Object> run(Device device) {
        GptConfig config = GptConfig.builder().vocabSize(shape.vocab()).contextLength(shape.context())
                .dModel(shape.dModel()).heads(shape.heads()).layers(shape.layers())
                .positions(PositionEncoding.LEARNED).tiedHead(false).seed(0).build();
        List<String> vocabulary = new ArrayList<>(List.of(TaskTokenizer.PAD, TaskTokenizer.BOS, TaskTokenizer.EOS));
        for (int i = vocabulary.size(); i < shape.vocab(); i++) {
            vocabulary.add("t" + i);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (GptPolicy policy = GptPolicy.create(config, TaskTokenizer.fromVocabulary(vocabulary), device)) {
            out.put("engine", ComputeDevice.describe(device));
            out.put("params", config.parameterCount());
            out.put("train_tokens_per_s", Math.round(trainTokensPerSecond(policy)));
            double naive = median(3, () -> sampleTokensPerSecond(policy, false));
            double cached = median(3, () -> sampleTokensPerSecond(policy, true));
            out.put("sample_naive_tokens_per_s", Math.round(naive));
            out.put("sample_kv_tokens_per_s", Math.round(cached));
            out.put("kv_over_naive", Math.round(cached / naive * 100) / 100.0);
            out.put("decode_step_ms", Math.round(decodeStepMillis(policy) * 1000) / 1000.0);
        }
        return out;
    }

    /** The reference's reverse task: s, 0, reversed s; loss weight on the second half. */
    private int[] reverseSequence(float[] weightsOut) {
        int half = shape.context() / 2;
        int[] full = new int[2 * half + 1];
        for (int i = 0; i < half; i++) {
            full[i] = 1 + random.nextInt(shape.vocab() - 1);
            full[2 * half - i] = full[i];
        }
        Arrays.fill(weightsOut, half, weightsOut.length, 1f);
        return Arrays.copyOf(full, shape.context());
    }

    private double trainTokensPerSecond(GptPolicy policy) {
        SupervisedTrainer trainer = new SupervisedTrainer(policy, OptimizerSettings.constantAdam(1e-3f), TrainingListener.NONE);
        double[] seconds = new double[shape.steps()];
        for (int step = 0; step < shape.warmup() + shape.steps(); step++) {
            List<int[]> seqs = new ArrayList<>();
            List<float[]> weights = new ArrayList<>();
            for (int b = 0; b < shape.batch(); b++) {
                float[] w = new float[shape.context()];
                seqs.add(reverseSequence(w));
                weights.add(w);
            }
            long t0 = System.nanoTime();
            trainer.step(seqs, weights);
            if (step >= shape.warmup()) {
                seconds[step - shape.warmup()] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return shape.batch() * (double) shape.context() / median(seconds);
    }

    private List<int[]> prompts(int batch) {
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            prompts.add(Arrays.copyOf(reverseSequence(new float[shape.context()]), shape.prompt()));
        }
        return prompts;
    }

    private double sampleTokensPerSecond(GptPolicy policy, boolean cached) {
        List<int[]> prompts = prompts(shape.batch());
        boolean[] all = new boolean[shape.batch()];
        Arrays.fill(all, true);
        long t0 = System.nanoTime();
        try (GenerationSession s = cached ? policy.start(prompts, SamplingParams.of(1f, random.nextLong()))
                : policy.startWithoutCache(prompts, SamplingParams.of(1f, random.nextLong()))) {
            s.generate(all, shape.generate(), Set.of());
        }
        return shape.batch() * (double) shape.generate() / ((System.nanoTime() - t0) / 1e9);
    }

    /** Median time of one generate(…, 1 token) call = one single-token forward with cache + sampling. */
    private double decodeStepMillis(GptPolicy policy) {
        int batch = shape.decodeBatch();
        boolean[] all = new boolean[batch];
        Arrays.fill(all, true);
        int steps = Math.min(40, shape.context() - shape.prompt() - 1);
        double[] ms = new double[steps];
        try (GenerationSession s = policy.start(prompts(batch), SamplingParams.of(1f, 1))) {
            s.generate(all, 1, Set.of());
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                s.generate(all, 1, Set.of());
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return median(ms);
    }

    private static double median(int runs, java.util.function.DoubleSupplier measurement) {
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = measurement.getAsDouble();
        }
        return median(values);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
