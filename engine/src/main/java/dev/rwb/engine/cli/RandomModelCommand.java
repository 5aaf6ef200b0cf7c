package dev.rwb.engine.cli;

import dev.rwb.engine.hf.HfBenchmark;
import dev.rwb.engine.hf.HfConfig;
import dev.rwb.engine.hf.RandomCheckpoint;
import dev.rwb.engine.hf.safetensors.TensorDType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rwb random-model --preset qwen2.5-0.5b --out DIR}: writes a checkpoint with random weights in
 * Hugging Face layout (config.json, safetensors, generation_config.json), for checks and benchmarks
 * where no real weights can be downloaded.
 */
@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a random-weight checkpoint of a preset shape in Hugging Face layout (for checks and benchmarks).")
public final class RandomModelCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "mini", description = "mini, qwen2.5-0.5b or qwen3-0.6b (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--layers", defaultValue = "0", description = "Override the preset's layer count (0 = keep).")
    int layers;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16, f16 or f32 (default ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--shards", defaultValue = "1", description = "Number of safetensors shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        TensorDType type = switch (dtype.toLowerCase()) {
            case "bf16", "bfloat16" -> TensorDType.BF16;
            case "f16", "float16" -> TensorDType.F16;
            case "f32", "float32" -> TensorDType.F32;
            default -> null;
        };
        if (type == null) {
            System.err.println("rwb random-model: --dtype must be bf16, f16 or f32, got " + dtype);
            return 2;
        }
        HfConfig config;
        try {
            config = HfBenchmark.preset(preset, layers);
        } catch (IllegalArgumentException e) {
            System.err.println("rwb random-model: " + e.getMessage());
            return 2;
        }
        RandomCheckpoint.write(out, config, type, seed, 0.02, shards);
        System.out.println(out + ": " + config.modelType() + " " + config.layers() + " layers, "
                + config.parameterCount() + " parameters, " + type.code());
        return 0;
    }
}
