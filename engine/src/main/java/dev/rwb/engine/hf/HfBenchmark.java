package dev.rwb.engine.hf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.LearningRateSchedule;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TokenLoss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Throughput of the Hugging Face decoder on the shapes and protocol of
 * {@code shared/bench/reference_decoder.py}, for side-by-side runs: a random checkpoint of the preset
 * is written in HF layout and loaded like a real one; then score (teacher-forced log-probs and
 * entropies of batch × seq tokens), KV-cache greedy decoding (decode-batch rows, prompt prefilled,
 * then one token per step), and one training step (forward with grad, token NLL on each row's
 * second half, backward, global clip 1.0, AdamW) with full fine-tuning and with LoRA. Each figure is
 * the median of {@code reps} timed runs after a smaller warm-up job; tokens/s counts every position
 * processed, as the reference does.
 */
public final class HfBenchmark {
    /**
     * Benchmark shape and protocol (defaults = the reference's).
     *
     * @param phases which parts run: {@code score}, {@code decode}, {@code full} (full fine-tuning
     *               step), {@code lora} (LoRA step); peak memory is the process's, so measuring one
     *               phase's peak means running it alone
     * @param gradientCheckpointing training steps recompute each layer in the backward pass
     */
    public record Settings(String preset, int layers, int batch, int seq, int decodeBatch, int prompt, int newTokens,
                           int warmup, int reps, int loraRank, DataType dtype, Device device, Set<String> phases,
                           boolean gradientCheckpointing) {
        /** Every phase. */
        public static final Set<String> ALL_PHASES = Set.of("score", "decode", "full", "lora");
    }

    /** The reference's presets as configs. */
    public static HfConfig preset(String name, int layers) {
        return switch (name) {
            case "mini" -> HfConfig.builder("qwen2").hidden(256).layers(layers > 0 ? layers : 4).heads(4).kvHeads(2)
                    .headDim(64).intermediate(704).vocab(151936).tied(true).ropeTheta(1e6).maxPositions(32768)
                    .eos(List.of(151643)).build();
            case "qwen2.5-0.5b" -> HfConfig.builder("qwen2").hidden(896).layers(layers > 0 ? layers : 24).heads(14)
                    .kvHeads(2).headDim(64).intermediate(4864).vocab(151936).tied(true).ropeTheta(1e6)
                    .maxPositions(32768).eos(List.of(151645, 151643)).build();
            case "qwen3-0.6b" -> HfConfig.builder("qwen3").hidden(1024).layers(layers > 0 ? layers : 28).heads(16)
                    .kvHeads(8).headDim(128).intermediate(3072).vocab(151936).tied(true).ropeTheta(1e6)
                    .maxPositions(40960).eos(List.of(151645, 151643)).build();
            default -> throw new IllegalArgumentException("unknown preset \"" + name + "\" (mini, qwen2.5-0.5b, qwen3-0.6b)");
        };
    }

    private final Settings s;
    private final Consumer<String> log;

    public HfBenchmark(Settings settings, Consumer<String> log) {
        this.s = settings;
        this.log = log;
    }

    /** Runs everything and returns the figures (a JSON-ready map). */
    public Map<String, Object> run() throws IOException {
        long start = System.nanoTime();
        HfConfig config = preset(s.preset(), s.layers());
        Path dir = Files.createTempDirectory("rwb-bench-hf");
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            RandomCheckpoint.write(dir, config, s.dtype() == DataType.FLOAT32 ? TensorDType.F32 : TensorDType.BF16, 0, 0.02, 1);
            log.accept(s.preset() + " " + config.layers() + " layers: " + config.parameterCount() / 1e6 + "M parameters, written in "
                    + seconds(start) + "s");
            out.put("preset", s.preset());
            out.put("layers", config.layers());
            out.put("dtype", s.dtype().toString().toLowerCase());
            out.put("gradient_checkpointing", s.gradientCheckpointing());
            out.put("parameters", config.parameterCount());
            HfLoadOptions options = new HfLoadOptions(s.device(), s.dtype(), true);
            SplittableRandom random = new SplittableRandom(0);
            List<int[]> rows = new ArrayList<>();
            for (int b = 0; b < s.batch(); b++) {
                rows.add(randomIds(random, s.seq(), config.vocabSize()));
            }
            out.put("train_batch", List.of(s.batch(), s.seq()));
            if (s.phases().contains("score") || s.phases().contains("decode") || s.phases().contains("full")) {
                try (HfModel model = HfModel.load(HfModelDirectory.of(dir), options.withTrainable(s.phases().contains("full")))) {
                    out.put("device", model.device().toString());
                    scoreAndDecode(model, rows, random, out);
                    if (s.phases().contains("full")) {
                        model.setGradientCheckpointing(s.gradientCheckpointing());
                        double full = median(() -> trainStep(model, rows), () -> trainStep(model, rows.subList(0, 1)),
                                "train step (full)");
                        out.put("train_tokens_per_s", Math.round(s.batch() * s.seq() / full));
                        out.put("train_cpu_s", lastCpuMedian);
                        double tflops = trainFlopsPerToken(config, s.seq()) * s.batch() * s.seq() / full / 1e12;
                        out.put("train_matmul_tflops_per_s", Math.round(tflops * 1000) / 1000.0);
                    }
                }
            }
            if (!s.phases().contains("lora")) {
                return out;
            }
            try (HfModel model = HfModel.load(HfModelDirectory.of(dir), options.withTrainable(false))) {
                model.setGradientCheckpointing(s.gradientCheckpointing());
                LoraAdapter lora = model.enableLora(LoraSettings.allProjections(s.loraRank(), 2.0 * s.loraRank()));
                out.put("lora_rank", s.loraRank());
                out.put("lora_parameters", lora.parameterCount());
                double loraS = median(() -> trainStep(model, rows), () -> trainStep(model, rows.subList(0, 1)), "train step (LoRA)");
                out.put("train_lora_tokens_per_s", Math.round(s.batch() * s.seq() / loraS));
                out.put("train_lora_cpu_s", lastCpuMedian);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            out.put("peak_rss_mb", peakRssMb());
            out.put("seconds", seconds(start));
        }
        return out;
    }

    /**
     * Matmul FLOPs of one training token (forward + backward = 3 × forward):
     * 6·P_m + 6·L·H·hd·T, with P_m the weights of every projection and the LM head (2 FLOPs per
     * weight per token forward), and causal attention's q·kᵀ and att·v over T/2 keys on average
     * (2·2·H·hd·T/2 per layer forward). Elementwise ops are not counted (the usual MFU convention).
     */
    static double trainFlopsPerToken(HfConfig c, int seq) {
        double d = c.hiddenSize();
        double q = (double) c.heads() * c.headDim();
        double kv = (double) c.kvHeads() * c.headDim();
        double perLayer = d * q + 2 * d * kv + q * d + 3 * d * c.intermediateSize();
        double matmulWeights = c.layers() * perLayer + (double) c.vocabSize() * d;
        return 6 * matmulWeights + 6.0 * c.layers() * q * seq;
    }

    private void scoreAndDecode(HfModel model, List<int[]> rows, SplittableRandom random, Map<String, Object> out) {
        int vocab = model.config().vocabSize();
        if (s.phases().contains("score")) {
            score(model, rows, out);
        }
        if (!s.phases().contains("decode")) {
            return;
        }
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < s.decodeBatch(); b++) {
            prompts.add(randomIds(random, s.prompt(), vocab));
        }
        double decode = median(() -> decode(model, prompts, s.newTokens()), () -> decode(model, prompts, Math.min(8, s.newTokens())),
                "decode (KV cache)");
        out.put("decode_batch", s.decodeBatch());
        out.put("prompt", s.prompt());
        out.put("new_tokens", s.newTokens());
        out.put("decode_tokens_per_s", Math.round(10.0 * s.decodeBatch() * s.newTokens() / decode) / 10.0);
        out.put("decode_cpu_s", lastCpuMedian);
    }

    private void score(HfModel model, List<int[]> rows, Map<String, Object> out) {
        out.put("score_batch", List.of(s.batch(), s.seq()));
        List<SequenceScores> scored = new ArrayList<>();
        double score = median(() -> scored.add(model.score(rows).get(0)), () -> model.score(rows.subList(0, 1)), "score");
        out.put("score_tokens_per_s", Math.round(s.batch() * s.seq() / score));
        out.put("score_cpu_s", lastCpuMedian);
        SequenceScores last = scored.get(scored.size() - 1);
        out.put("score_mean_token_logp", mean(last.logprob()));
    }

    private void decode(HfModel model, List<int[]> prompts, int n) {
        try (GenerationSession session = model.start(prompts, SamplingParams.greedy())) {
            boolean[] all = new boolean[prompts.size()];
            Arrays.fill(all, true);
            List<Generation> g = session.generate(all, n, Set.of());
            if (g.get(0).tokenIds().length != n) {
                throw new IllegalStateException("decoding stopped early");
            }
        }
    }

    /** One optimisation step on the rows: NLL of each row's second half (position i predicts token i+1). */
    private void trainStep(HfModel model, List<int[]> rows) {
        GradientStep step = steps.computeIfAbsent(model, m -> new GradientStep(m,
                OptimizerSettings.builder().optLearningRateSchedule(LearningRateSchedule.constant(1e-5))
                        .optWeightDecay(0.01f).optMaxGradNorm(1f).build()));
        int t = rows.get(0).length;
        float[] w = new float[t];
        for (int i = t / 2; i < t; i++) {
            w[i] = 1;
        }
        List<float[]> weights = new ArrayList<>();
        rows.forEach(r -> weights.add(w));
        TokenLoss nll = (scores, batch) -> {
            NDArray mask = batch.perToken(weights);
            return scores.logprobs().mul(mask).sum().neg().div(mask.sum());
        };
        step.run(rows, false, nll, 1e-5f);
    }

    private final Map<HfModel, GradientStep> steps = new java.util.IdentityHashMap<>();

    private double median(Runnable job, Runnable warm, String label) {
        for (int i = 0; i < s.warmup(); i++) {
            warm.run();
        }
        double[] times = new double[s.reps()];
        double[] cpu = new double[s.reps()];
        for (int i = 0; i < s.reps(); i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            job.run();
            times[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (processCpuNanos() - c0) / 1e9;
        }
        StringBuilder line = new StringBuilder(label + ":");
        for (double t : times) {
            line.append(String.format(" %.2fs", t));
        }
        line.append(" (process CPU");
        for (double c : cpu) {
            line.append(String.format(" %.2fs", c));
        }
        log.accept(line.append(')').toString());
        lastCpuMedian = Math.round(100 * median(cpu)) / 100.0;
        return median(times);
    }

    /**
     * Median process CPU seconds of the last {@link #median(Runnable, Runnable, String)} call's reps:
     * the figure that a shared machine disturbs least (at one libtorch thread it is the work itself;
     * at two it also counts OpenMP workers spinning at barriers).
     */
    private double lastCpuMedian;

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0L;
    }

    private static int[] randomIds(SplittableRandom random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    private static double mean(float[] values) {
        double sum = 0;
        int n = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return Math.round(sum / Math.max(1, n) * 1e4) / 1e4;
    }

    private static double seconds(long start) {
        return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
    }

    /** Peak resident set of this process (VmHWM), in MB; -1 where /proc is not there. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
