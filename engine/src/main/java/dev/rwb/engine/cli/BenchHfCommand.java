package dev.rwb.engine.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.hf.HfBenchmark;
import dev.rwb.engine.model.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb bench hf}: score, KV-decode and training throughput of the Hugging Face decoder on a
 * random checkpoint of the shapes of {@code shared/bench/reference_decoder.py}, same protocol.
 */
@Command(name = "hf", mixinStandardHelpOptions = true,
        description = "Score / KV decode / train (full and LoRA) throughput of the HF decoder, as reference_decoder.py.")
public final class BenchHfCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "mini", description = "mini, qwen2.5-0.5b or qwen3-0.6b (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--layers", defaultValue = "0", description = "Override the preset's layer count (0 = keep).")
    int layers;

    @Option(names = "--batch", defaultValue = "4", description = "Rows for score and train (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Tokens per row for score and train (default ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--decode-batch", defaultValue = "8")
    int decodeBatch;

    @Option(names = "--prompt", defaultValue = "64")
    int prompt;

    @Option(names = "--new-tokens", defaultValue = "64")
    int newTokens;

    @Option(names = "--warmup", defaultValue = "1")
    int warmup;

    @Option(names = "--reps", defaultValue = "3")
    int reps;

    @Option(names = "--lora-rank", defaultValue = "16", description = "LoRA rank on all projections, alpha = 2·rank (default ${DEFAULT-VALUE}).")
    int loraRank;

    @Option(names = "--dtype", defaultValue = "float32",
            description = "Compute dtype float32, float16 or bfloat16 (the checkpoint is written in bf16 then); default ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--phases", defaultValue = "score,decode,full,lora", split = ",",
            description = "Which parts run: score, decode, full, lora (default ${DEFAULT-VALUE}); peak_rss_mb is the "
                    + "whole process's, so run one phase alone to measure its peak.")
    java.util.Set<String> phases;

    @Option(names = "--gradient-checkpointing", description = "Training steps recompute each layer in the backward pass.")
    boolean gradientCheckpointing;

    @Option(names = "--threads", defaultValue = "2", description = "libtorch intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cpu", description = "Use the CPU even when a GPU is visible.")
    boolean cpu;

    @Option(names = "--json", description = "Print one JSON line (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ComputeDevice.configureThreads(threads);
        Device device = cpu ? Device.cpu() : ComputeDevice.select();
        DataType type = switch (dtype) {
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> DataType.BFLOAT16;
            default -> null;
        };
        if (type == null) {
            System.err.println("rwb bench hf: --dtype must be float32, float16 or bfloat16, got " + dtype);
            return 2;
        }
        HfBenchmark.Settings settings = new HfBenchmark.Settings(preset, layers, batch, seq, decodeBatch, prompt, newTokens,
                warmup, reps, loraRank, type, device, java.util.Set.copyOf(phases), gradientCheckpointing);
        if (!HfBenchmark.Settings.ALL_PHASES.containsAll(phases)) {
            System.err.println("rwb bench hf: --phases takes score, decode, full, lora; got " + phases);
            return 2;
        }
        Map<String, Object> figures = new HfBenchmark(settings, System.err::println).run();
        figures.put("threads", threads);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
        }
        return 0;
    }
}
