package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.Locale;

/**
 * The words of every legend, in the app and the HTML export: what each colour mode means, which
 * palette draws it, how its numbers are written and when a trajectory has no signal at all.
 */
public final class LegendText {
    /** The label of a trajectory or group whose rewards were all equal (GRPO advantages 0). */
    public static final String NO_SIGNAL_EQUAL_REWARDS = "no signal (all rewards equal)";
    /** The label of a trajectory whose advantages are all below the floor for another reason. */
    public static final String NO_SIGNAL_ZERO_ADVANTAGE = "no signal (all advantages 0)";

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

    /** The palette's name as the legend gives it, e.g. {@code RdBu (red < 0, white = 0, blue > 0)}. */
    public static String palette(ColorMode mode) {
        if (mode.palette() == null) {
            return "Okabe–Ito role colours";
        }
        return mode.signed() ? "RdBu (red < 0, white = 0, blue > 0)" : mode.palette().displayName() + " (dark = low, yellow = high)";
    }

    /**
     * The no-signal label of a trajectory, or "" when it has signal: its group's rewards were all
     * equal, or none of its advantages rises above the floor of the run's scale.
     */
    public static String noSignal(TokenArrays tokens, ScaleContext context) {
        if (context.groupRewardsEqual()) {
            return NO_SIGNAL_EQUAL_REWARDS;
        }
        HeatScale advantage = HeatScale.fit(ColorMode.ADVANTAGE, tokens, ScaleScope.TRAJECTORY, context);
        boolean anyAdvantage = false;
        for (float a : tokens.advantages()) {
            anyAdvantage |= Float.isFinite(a);
        }
        return anyAdvantage && advantage.noSignal() ? NO_SIGNAL_ZERO_ADVANTAGE : "";
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
