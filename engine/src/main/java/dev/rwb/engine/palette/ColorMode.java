package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the background colour of a token encodes, in the app's token view and in the HTML export
 * alike. Each heat mode names its palette here, so the legends can say which one is drawn.
 */
public enum ColorMode {
    /** Background tinted by who wrote the token; no heat. */
    ROLE("Role", null, null),
    /** The loss weight after the mask policy, 0..1 (0 = masked). */
    LOSS_MASK("Loss mask", Palette.CIVIDIS, TokenArrays::lossWeights),
    /** The signed coefficient on ∇ log π of the token (DESIGN §4). */
    CONTRIBUTION("Contribution", Palette.RD_BU, TokenArrays::contributions),
    /** The advantage assigned to the token. */
    ADVANTAGE("Advantage", Palette.RD_BU, TokenArrays::advantages),
    /** Log-probability under the sampling policy. */
    LOGPROB("Logprob", Palette.VIRIDIS, TokenArrays::logprobs),
    /** Entropy of the next-token distribution. */
    ENTROPY("Entropy", Palette.VIRIDIS, TokenArrays::entropies);

    private final String label;
    private final Palette palette;
    private final Function<TokenArrays, float[]> field;

    ColorMode(String label, Palette palette, Function<TokenArrays, float[]> field) {
        this.label = label;
        this.palette = palette;
        this.field = field;
    }

    /** The name on the mode switch, e.g. {@code Loss mask}. */
    public String label() {
        return label;
    }

    /** The name on the command line and in HTML ids, e.g. {@code loss-mask}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The palette of the heat colour; null for {@link #ROLE}. */
    public Palette palette() {
        return palette;
    }

    /** True for values with a meaningful sign, drawn on a symmetric diverging scale. */
    public boolean signed() {
        return palette == Palette.RD_BU;
    }

    /** The per-token values this mode colours by; null for {@link #ROLE}. */
    public float[] values(TokenArrays tokens) {
        return field == null ? null : field.apply(tokens);
    }

    /** The mode with this {@link #key()} (case-insensitive; "_" accepted for "-"). */
    public static ColorMode parse(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ColorMode m : values()) {
            if (m.key().equals(k)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown colour mode '" + key + "' (expected one of "
                + Arrays.stream(values()).map(ColorMode::key).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
