package dev.rwb.engine.model;

import java.util.Objects;

/**
 * Shape of a GPT-style causal decoder. Build one with {@link #builder()} or start from a size
 * preset ({@link #tiny}, {@link #small}, {@link #medium}) and adjust it with {@link #toBuilder()}.
 *
 * @param vocabSize number of token ids
 * @param contextLength longest sequence (positions 0 .. contextLength-1)
 * @param dModel width of the residual stream
 * @param heads attention heads; dModel must be divisible by heads (and head width even for RoPE)
 * @param layers decoder blocks
 * @param mlpRatio hidden width of the MLP as a multiple of dModel
 * @param positions learned absolute positions or rotary embeddings
 * @param tiedHead output head shares the token embedding matrix
 * @param seed seed of the weight initialisation
 */
public record GptConfig(int vocabSize, int contextLength, int dModel, int heads, int layers, int mlpRatio,
                        PositionEncoding positions, boolean tiedHead, long seed) {

    public GptConfig {
        Objects.requireNonNull(positions, "positions");
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        requirePositive("dModel", dModel);
        requirePositive("heads", heads);
        requirePositive("layers", layers);
        requirePositive("mlpRatio", mlpRatio);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (positions == PositionEncoding.ROPE && (dModel / heads) % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even head width, got " + dModel / heads);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    /** Width of one attention head. */
    public int headSize() {
        return dModel / heads;
    }

    /** Number of trainable parameters this shape gives (exact, biases and norms included). */
    public long parameterCount() {
        long d = dModel;
        long hidden = (long) mlpRatio * d;
        // per block: 2 LayerNorms (γ, β), qkv (3d·d + 3d), proj (d·d + d), fc1 (d·h + h), fc2 (h·d + d)
        long block = 4 * d + 3 * d * d + 3 * d + d * d + d + d * hidden + hidden + hidden * d + d;
        long embeddings = (long) vocabSize * d + (positions == PositionEncoding.LEARNED ? (long) contextLength * d : 0);
        long head = tiedHead ? 0 : (long) vocabSize * d;
        return embeddings + layers * block + 2 * d + head;
    }

    /** About 0.5M parameters at vocabulary 128: 4 layers, d=96, 4 heads. */
    public static GptConfig tiny(int vocabSize, int contextLength) {
        return builder().vocabSize(vocabSize).contextLength(contextLength).dModel(96).heads(4).layers(4).build();
    }

    /** About 5M parameters at vocabulary 128: 6 layers, d=256, 8 heads. */
    public static GptConfig small(int vocabSize, int contextLength) {
        return builder().vocabSize(vocabSize).contextLength(contextLength).dModel(256).heads(8).layers(6).build();
    }

    /** About 25M parameters at vocabulary 128: 8 layers, d=512, 8 heads. */
    public static GptConfig medium(int vocabSize, int contextLength) {
        return builder().vocabSize(vocabSize).contextLength(contextLength).dModel(512).heads(8).layers(8).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().vocabSize(vocabSize).contextLength(contextLength).dModel(dModel).heads(heads)
                .layers(layers).mlpRatio(mlpRatio).positions(positions).tiedHead(tiedHead).seed(seed);
    }

    /** Builder with GPT-2-like defaults: learned positions, tied head, MLP ratio 4. */
    public static final class Builder {
        private int vocabSize = 128;
        private int contextLength = 128;
        private int dModel = 128;
        private int heads = 4;
        private int layers = 2;
        private int mlpRatio = 4;
        private PositionEncoding positions = PositionEncoding.LEARNED;
        private boolean tiedHead = true;
        private long seed = 0;

        public Builder vocabSize(int v) { this.vocabSize = v; return this; }

        public Builder contextLength(int v) { this.contextLength = v; return this; }

        public Builder dModel(int v) { this.dModel = v; return this; }

        public Builder heads(int v) { this.heads = v; return this; }

        public Builder layers(int v) { this.layers = v; return this; }

        public Builder mlpRatio(int v) { this.mlpRatio = v; return this; }

        public Builder positions(PositionEncoding v) { this.positions = v; return this; }

        public Builder tiedHead(boolean v) { this.tiedHead = v; return this; }

        public Builder seed(long v) { this.seed = v; return this; }

        public GptConfig build() {
            return new GptConfig(vocabSize, contextLength, dModel, heads, layers, mlpRatio, positions, tiedHead, seed);
        }
    }
}
