package dev.rwb.engine.hf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors a Hugging Face checkpoint of this family holds, with the shapes its config implies,
 * in the names transformers gives them ({@code model.layers.N.self_attn.q_proj.weight}, ...).
 */
public final class HfTensorNames {
    private HfTensorNames() {
    }

    public static String layer(int i, String suffix) {
        return "model.layers." + i + "." + suffix;
    }

    /** Every tensor of the checkpoint, in a stable order (embedding, layers, final norm, head). */
    public static Map<String, long[]> expected(HfConfig c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        long d = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        out.put("model.embed_tokens.weight", new long[] {c.vocabSize(), d});
        for (int i = 0; i < c.layers(); i++) {
            out.put(layer(i, "input_layernorm.weight"), new long[] {d});
            out.put(layer(i, "self_attn.q_proj.weight"), new long[] {q, d});
            out.put(layer(i, "self_attn.k_proj.weight"), new long[] {kv, d});
            out.put(layer(i, "self_attn.v_proj.weight"), new long[] {kv, d});
            if (c.attentionBias()) {
                out.put(layer(i, "self_attn.q_proj.bias"), new long[] {q});
                out.put(layer(i, "self_attn.k_proj.bias"), new long[] {kv});
                out.put(layer(i, "self_attn.v_proj.bias"), new long[] {kv});
            }
            out.put(layer(i, "self_attn.o_proj.weight"), new long[] {d, q});
            if (c.qkNorm()) {
                out.put(layer(i, "self_attn.q_norm.weight"), new long[] {c.headDim()});
                out.put(layer(i, "self_attn.k_norm.weight"), new long[] {c.headDim()});
            }
            out.put(layer(i, "post_attention_layernorm.weight"), new long[] {d});
            out.put(layer(i, "mlp.gate_proj.weight"), new long[] {c.intermediateSize(), d});
            out.put(layer(i, "mlp.up_proj.weight"), new long[] {c.intermediateSize(), d});
            out.put(layer(i, "mlp.down_proj.weight"), new long[] {d, c.intermediateSize()});
        }
        out.put("model.norm.weight", new long[] {d});
        if (!c.tiedEmbeddings()) {
            out.put("lm_head.weight", new long[] {c.vocabSize(), d});
        }
        return out;
    }
}
