package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny random checkpoints of each supported family, written in real Hugging Face layout. */
final class TinyCheckpoints {
    /** Weight std: large enough that distributions are far from uniform, so logprob checks bite. */
    static final double STD = 0.2;

    private TinyCheckpoints() {
    }

    /** Qwen2: q/k/v biases, tied head, GQA 4:2. */
    static HfConfig qwen2() {
        return HfConfig.builder("qwen2").hidden(64).layers(2).heads(4).kvHeads(2).intermediate(96).vocab(300)
                .eos(List.of(2)).build();
    }

    /** Qwen3: per-head q/k RMSNorm, explicit head_dim (≠ hidden/heads), no biases. */
    static HfConfig qwen3() {
        return HfConfig.builder("qwen3").hidden(48).layers(2).heads(4).kvHeads(2).headDim(16).intermediate(80)
                .vocab(320).eos(List.of(3, 4)).build();
    }

    /** Llama: separate LM head, Llama 3 RoPE scaling, no GQA sharing beyond 2:1. */
    static HfConfig llama() {
        return HfConfig.builder("llama").hidden(64).layers(2).heads(4).kvHeads(2).intermediate(128).vocab(280)
                .ropeTheta(500000).ropeScaling(new RopeScaling("llama3", 8, 1, 4, 64)).tied(false).eos(List.of(1)).build();
    }

    static Path write(Path dir, HfConfig config, TensorDType dtype, int shards) throws IOException {
        RandomCheckpoint.write(dir, config, dtype, 7, STD, shards);
        return dir;
    }
}
