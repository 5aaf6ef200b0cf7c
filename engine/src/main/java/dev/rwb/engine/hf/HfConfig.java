package dev.rwb.engine.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The architecture fields of a Hugging Face {@code config.json} for the decoder family this project
 * implements (Qwen2/Qwen2.5, Qwen3, Llama): one record, read with defaults as transformers applies
 * them, and validated so that an unsupported model fails on load with the file and field named.
 *
 * @param modelType {@code qwen2}, {@code qwen3} or {@code llama}
 * @param hiddenSize model width D
 * @param layers number of decoder layers
 * @param heads query heads H
 * @param kvHeads key/value heads (grouped-query attention: H is a multiple of it)
 * @param headDim per-head width (explicit in Qwen3, else D/H)
 * @param intermediateSize SwiGLU hidden width
 * @param vocabSize rows of the embedding and the LM head
 * @param rmsNormEps ε of every RMSNorm
 * @param ropeTheta RoPE base
 * @param ropeScaling optional RoPE rescaling (Llama 3)
 * @param tiedEmbeddings the LM head reuses the embedding matrix
 * @param maxPositions context length
 * @param attentionBias q/k/v projections have biases (always for Qwen2, {@code attention_bias} for the others)
 * @param bosTokenId BOS id or -1
 * @param eosTokenIds EOS ids (config's {@code eos_token_id}, an int or a list)
 * @param torchDtype the dtype the weights were saved in ({@code bfloat16}, ...), informational
 */
public record HfConfig(String modelType, int hiddenSize, int layers, int heads, int kvHeads, int headDim,
                       int intermediateSize, int vocabSize, double rmsNormEps, double ropeTheta,
                       RopeScaling ropeScaling, boolean tiedEmbeddings, int maxPositions, boolean attentionBias,
                       int bosTokenId, List<Integer> eosTokenIds, String torchDtype) {
    /** The model types whose architecture is implemented here. */
    public static final Set<String> SUPPORTED = Set.of("qwen2", "qwen3", "llama");
    private static final ObjectMapper JSON = new ObjectMapper();

    public HfConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Qwen3 normalises each head's q and k with an RMSNorm before RoPE. */
    public boolean qkNorm() {
        return modelType.equals("qwen3");
    }

    /** Parameter count (tied head counted once). */
    public long parameterCount() {
        long d = hiddenSize;
        long attention = d * heads * headDim + 2 * d * kvHeads * headDim + (long) heads * headDim * d
                + (attentionBias ? (long) heads * headDim + 2L * kvHeads * headDim : 0) + (qkNorm() ? 2L * headDim : 0);
        long mlp = 3 * d * intermediateSize;
        long perLayer = attention + mlp + 2 * d;
        return vocabSize * d * (tiedEmbeddings ? 1 : 2) + layers * perLayer + d;
    }

    /** Reads and validates {@code dir/config.json}. */
    public static HfConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new HfModelException(file + ": cannot read config.json: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new HfModelException(file + ": config.json is not a JSON object");
        }
        Fields f = new Fields(file, root);
        String type = f.string("model_type", null);
        if (type == null || !SUPPORTED.contains(type)) {
            throw new HfModelException(file + ": unsupported model_type \"" + type + "\" (supported: llama, qwen2, qwen3)");
        }
        String act = f.string("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new HfModelException(file + ": hidden_act \"" + act + "\" is not supported (only silu, as in SwiGLU)");
        }
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw new HfModelException(file + ": use_sliding_window=true is not supported");
        }
        if (root.path("mlp_bias").asBoolean(false)) {
            throw new HfModelException(file + ": mlp_bias=true is not supported");
        }
        int hidden = f.positive("hidden_size");
        int heads = f.positive("num_attention_heads");
        int kvHeads = root.hasNonNull("num_key_value_heads") ? f.positive("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw new HfModelException(file + ": num_attention_heads " + heads + " is not a multiple of num_key_value_heads "
                    + kvHeads);
        }
        int headDim = root.hasNonNull("head_dim") ? f.positive("head_dim") : hidden / heads;
        if (headDim % 2 != 0) {
            throw new HfModelException(file + ": head_dim " + headDim + " must be even for rotary embeddings");
        }
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = root.path("eos_token_id");
        if (eosNode.isArray()) {
            eosNode.forEach(n -> eos.add(n.asInt()));
        } else if (eosNode.isInt()) {
            eos.add(eosNode.asInt());
        }
        boolean bias = type.equals("qwen2") || root.path("attention_bias").asBoolean(false);
        return new HfConfig(type, hidden, f.positive("num_hidden_layers"), heads, kvHeads, headDim,
                f.positive("intermediate_size"), f.positive("vocab_size"), f.number("rms_norm_eps", 1e-6),
                f.number("rope_theta", 10000.0), ropeScaling(file, root.path("rope_scaling")),
                root.path("tie_word_embeddings").asBoolean(false), f.intOr("max_position_embeddings", 32768), bias,
                root.path("bos_token_id").asInt(-1), eos,
                f.string("torch_dtype", f.string("dtype", "float32")));
    }

    private static RopeScaling ropeScaling(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return RopeScaling.NONE;
        }
        String kind = node.path("rope_type").asText(node.path("type").asText("default"));
        return switch (kind) {
            case "default" -> RopeScaling.NONE;
            case "linear" -> new RopeScaling("linear", node.path("factor").asDouble(1), 1, 1, 0);
            case "llama3" -> new RopeScaling("llama3", node.path("factor").asDouble(8), node.path("low_freq_factor").asDouble(1),
                    node.path("high_freq_factor").asDouble(4), node.path("original_max_position_embeddings").asInt(8192));
            default -> throw new HfModelException(file + ": rope_scaling type \"" + kind
                    + "\" is not supported (supported: linear, llama3)");
        };
    }

    /** This config as config.json, in the field names transformers reads. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        String arch = switch (modelType) {
            case "qwen2" -> "Qwen2ForCausalLM";
            case "qwen3" -> "Qwen3ForCausalLM";
            default -> "LlamaForCausalLM";
        };
        o.putArray("architectures").add(arch);
        o.put("model_type", modelType);
        o.put("hidden_size", hiddenSize);
        o.put("num_hidden_layers", layers);
        o.put("num_attention_heads", heads);
        o.put("num_key_value_heads", kvHeads);
        o.put("head_dim", headDim);
        o.put("intermediate_size", intermediateSize);
        o.put("vocab_size", vocabSize);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        if (!ropeScaling.type().equals("default")) {
            ObjectNode r = o.putObject("rope_scaling");
            r.put("rope_type", ropeScaling.type());
            r.put("factor", ropeScaling.factor());
            if (ropeScaling.type().equals("llama3")) {
                r.put("low_freq_factor", ropeScaling.lowFreqFactor());
                r.put("high_freq_factor", ropeScaling.highFreqFactor());
                r.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
            }
        } else {
            o.putNull("rope_scaling");
        }
        o.put("tie_word_embeddings", tiedEmbeddings);
        o.put("max_position_embeddings", maxPositions);
        if (!modelType.equals("qwen2")) {
            o.put("attention_bias", attentionBias);
        }
        o.put("hidden_act", "silu");
        if (bosTokenId >= 0) {
            o.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else if (!eosTokenIds.isEmpty()) {
            eosTokenIds.forEach(o.putArray("eos_token_id")::add);
        }
        o.put("torch_dtype", torchDtype);
        return o;
    }

    /** A builder for configs written by tests and benchmarks (random checkpoints). */
    public static Builder builder(String modelType) {
        return new Builder(modelType);
    }

    /** Builder with the defaults of a tiny model; {@link #build} fills what depends on the type. */
    public static final class Builder {
        private final String modelType;
        private int hidden = 64;
        private int layers = 2;
        private int heads = 4;
        private int kvHeads = 2;
        private int headDim = -1;
        private int intermediate = 128;
        private int vocab = 512;
        private double eps = 1e-6;
        private double theta = 1e6;
        private RopeScaling scaling = RopeScaling.NONE;
        private Boolean tied;
        private int maxPositions = 2048;
        private int bos = -1;
        private List<Integer> eos = List.of(1);
        private String dtype = "float32";

        private Builder(String modelType) {
            this.modelType = modelType;
        }

        public Builder hidden(int v) { hidden = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder heads(int v) { heads = v; return this; }
        public Builder kvHeads(int v) { kvHeads = v; return this; }
        public Builder headDim(int v) { headDim = v; return this; }
        public Builder intermediate(int v) { intermediate = v; return this; }
        public Builder vocab(int v) { vocab = v; return this; }
        public Builder ropeTheta(double v) { theta = v; return this; }
        public Builder ropeScaling(RopeScaling v) { scaling = v; return this; }
        public Builder tied(boolean v) { tied = v; return this; }
        public Builder maxPositions(int v) { maxPositions = v; return this; }
        public Builder eos(List<Integer> v) { eos = v; return this; }
        public Builder bos(int v) { bos = v; return this; }
        public Builder torchDtype(String v) { dtype = v; return this; }

        public HfConfig build() {
            boolean tie = tied != null ? tied : !modelType.equals("llama");
            int hd = headDim > 0 ? headDim : hidden / heads;
            return new HfConfig(modelType, hidden, layers, heads, kvHeads, hd, intermediate, vocab, eps, theta, scaling,
                    tie, maxPositions, modelType.equals("qwen2"), bos, eos, dtype);
        }
    }

    /** Field access with errors that name the file and the field. */
    private record Fields(Path file, JsonNode root) {
        int positive(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                throw new HfModelException(file + ": missing field \"" + name + "\"");
            }
            if (!n.canConvertToInt() || n.asInt() <= 0) {
                throw new HfModelException(file + ": field \"" + name + "\" must be a positive integer, got " + n);
            }
            return n.asInt();
        }

        int intOr(String name, int fallback) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? fallback : positive(name);
        }

        double number(String name, double fallback) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isNumber()) {
                throw new HfModelException(file + ": field \"" + name + "\" must be a number, got " + n);
            }
            return n.asDouble();
        }

        String string(String name, String fallback) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? fallback : n.asText();
        }
    }
}
