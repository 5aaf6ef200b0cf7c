package dev.rwb.engine.hf;

/**
 * The {@code rope_scaling} entry of a config: none, "linear" (positions divided by the factor) or
 * "llama3" (Llama 3.1's frequency-dependent scaling). Other kinds (dynamic, yarn, longrope) are
 * rejected when the config is read.
 *
 * @param type "default", "linear" or "llama3"
 * @param factor frequency divisor for low frequencies (linear: for all)
 * @param lowFreqFactor llama3: wavelengths above original/low_freq_factor are scaled fully
 * @param highFreqFactor llama3: wavelengths below original/high_freq_factor are kept
 * @param originalMaxPositions llama3: the context length the model was pre-trained with
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositions) {
    public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 0);

    /**
     * The inverse frequencies θ_i = base^(-2i/d) for i &lt; d/2, rescaled as this entry says.
     * Llama 3 (transformers' {@code _compute_llama3_parameters}): with wavelength λ = 2π/θ,
     * λ &lt; orig/high keeps θ, λ &gt; orig/low uses θ/factor, and in between
     * θ' = (1−s)·θ/factor + s·θ with s = (orig/λ − low)/(high − low).
     */
    public float[] inverseFrequencies(double base, int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            // computed in float32 like transformers: base ** (arange(0, d, 2).float() / d)
            float exponent = (float) (2 * i) / headDim;
            double theta = 1f / (float) Math.pow(base, exponent);
            inv[i] = (float) switch (type) {
                case "linear" -> theta / factor;
                case "llama3" -> llama3(theta);
                default -> theta;
            };
        }
        return inv;
    }

    private double llama3(double theta) {
        double lowWavelen = originalMaxPositions / lowFreqFactor;
        double highWavelen = originalMaxPositions / highFreqFactor;
        double wavelen = 2 * Math.PI / theta;
        if (wavelen < highWavelen) {
            return theta;
        }
        if (wavelen > lowWavelen) {
            return theta / factor;
        }
        double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        return (1 - smooth) * theta / factor + smooth * theta;
    }
}
