package dev.rwb.engine.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.model.ComputeDevice;
import picocli.CommandLine.Option;

/** {@code --model DIR|owner/name} and how to load it, shared by the commands that run a Hugging Face model. */
public final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR|ID",
            description = "Hugging Face model folder, or a hub id (Qwen/Qwen2.5-0.5B-Instruct) in the local HF cache.")
    String model;

    @Option(names = "--device", defaultValue = "auto", description = "auto (GPU when DJL sees one), cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "auto",
            description = "Compute dtype: auto (float16 on a GPU, float32 on the CPU), float32, float16 or bfloat16 "
                    + "(bfloat16 weights and matmuls, float32 norms, attention and logits).")
    String dtype;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads (0 = one per core).")
    int threads;

    /** Resolves the directory (folder or HF cache) and loads the model for inference. */
    HfModel load() {
        ComputeDevice.configureThreads(threads);
        return HfModel.load(directory(), options());
    }

    HfModelDirectory directory() {
        return HfModelDirectory.resolve(model);
    }

    HfLoadOptions options() {
        Device d = switch (device) {
            case "auto" -> null;
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> Device.gpu();
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, got " + device);
        };
        DataType t = switch (dtype) {
            case "auto" -> null;
            case "float32", "fp32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> DataType.BFLOAT16;
            default -> throw new IllegalArgumentException("--dtype must be auto, float32, float16 or bfloat16, got " + dtype);
        };
        return new HfLoadOptions(d, t, false);
    }
}
