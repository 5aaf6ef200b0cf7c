package dev.rwb.app.tokens;

import java.util.Locale;

/** The words of the legend: what each colour mode means, and how its numbers are written. */
public final class LegendText {
    private LegendText() {
    }

    /** Legend numbers: 3 significant digits, plain notation unless very small or large. */
    public static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "") : String.format(Locale.ROOT, "%.2e", v);
    }

    /** The definition shown under the colour bar. */
    public static String definition(ColorMode mode) {
        return switch (mode) {
            case ROLE -> "Background tint and underline: who wrote the token. Model-written roles (reasoning, "
                    + "tool call, answer, other) were sampled from the policy; prompt and tool response were not.";
            case LOSS_MASK -> "w_t: the loss weight after the mask policy (0 = hatched, no gradient; 1 = full "
                    + "gradient; between = weighted).";
            case CONTRIBUTION -> "c_t = w_t · A_t · ρ_t / N, set to 0 where the PPO clip is active, minus the KL "
                    + "coefficient where KL is in the loss (ρ = importance ratio, N = aggregation normaliser). "
                    + "Positive (blue) = the update pushes this token's probability up; negative (red) = down; "
                    + "white = 0. Dotted outline = clipped.";
            case ADVANTAGE -> "A_t: the advantage assigned to the token; every token of a response shares it "
                    + "(GRPO: A = (r − mean r) / (std r + 1e-6) within the group). Blue = better than the group.";
            case LOGPROB -> "log π_old(token): log-probability under the sampling policy. Dark = unlikely, "
                    + "yellow = likely. Prompt and tool tokens were not sampled (no value).";
            case ENTROPY -> "H_t: entropy (nats) of the policy's next-token distribution at this position. "
                    + "Yellow = uncertain; high entropy before a tool call suggests the model searched when unsure.";
        };
    }
}
