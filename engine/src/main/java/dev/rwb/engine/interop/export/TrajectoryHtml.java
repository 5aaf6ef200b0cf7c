package dev.rwb.engine.interop.export;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.Locale;
import java.util.Map;

/**
 * One trajectory as a self-contained HTML page (DESIGN §7): each token a span whose background is
 * the chosen value (RdBu for signed, viridis for unsigned), whose underline is its role, masked
 * tokens (weight 0) grey with a dashed outline and no heat, newlines shown as ¶, and a tooltip
 * (title attribute) with everything known about the token. No scripts, no network.
 */
public final class TrajectoryHtml {
    /** Role underline colours: the Okabe–Ito palette, distinguishable with colour-blindness. */
    static final Map<Role, String> ROLE_COLORS = Map.of(
            Role.SYSTEM, "#7f7f7f", Role.PROMPT, "#000000", Role.REASONING, "#e69f00", Role.TOOL_CALL, "#0072b2",
            Role.TOOL_RESPONSE, "#009e73", Role.ANSWER, "#cc79a7", Role.OTHER_MODEL, "#56b4e9", Role.PAD, "#dddddd");
    static final String CSS = "body{font-family:sans-serif;margin:24px;color:#222}"
            + ".tokens{font-family:monospace;font-size:14px;line-height:2.1;white-space:pre-wrap;word-break:break-all}"
            + ".t{border-bottom:3px solid;padding:1px 0;margin-right:1px}"
            + ".m{background:repeating-linear-gradient(45deg,#e4e4e4,#e4e4e4 3px,#f4f4f4 3px,#f4f4f4 6px);"
            + "outline:1px dashed #999;color:#555}"
            + ".ws{color:#aaa}.legend{display:flex;gap:18px;flex-wrap:wrap;align-items:center;font-size:13px;"
            + "margin:12px 0}.sw{display:inline-block;width:26px;height:12px;vertical-align:middle;margin-right:4px}"
            + "table{border-collapse:collapse;font-size:13px}td{padding:2px 10px 2px 0;vertical-align:top}"
            + ".bar{width:220px;height:12px;display:inline-block;vertical-align:middle}";

    private TrajectoryHtml() {
    }

    public static String render(Trajectory t, TokenColoring coloring) {
        TokenArrays a = t.tokens();
        double[] range = range(a, coloring);
        StringBuilder sb = new StringBuilder(a.length() * 220 + 4096);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(t.run() + " step " + t.step() + " #" + t.id())).append("</title><style>")
                .append(CSS).append("</style></head><body>");
        sb.append("<h1>").append(Html.escape(t.run())).append(" · step ").append(t.step()).append(" · ")
                .append(Html.escape(t.task())).append("</h1>");
        header(sb, t);
        legend(sb, coloring, range);
        sb.append("<div class=\"tokens\">");
        for (int i = 0; i < a.length(); i++) {
            token(sb, a, i, coloring, range);
        }
        sb.append("</div></body></html>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, Trajectory t) {
        sb.append("<table>");
        row(sb, "reward", Html.num(t.reward()) + (t.rewardComponents().isEmpty() ? "" : "  " + t.rewardComponents()));
        row(sb, "correct", t.correct() ? "yes ✓" : "no ✗");
        row(sb, "finish", t.finishReason().key());
        row(sb, "ground truth", t.groundTruth());
        row(sb, "final answer", t.finalAnswer() == null ? "–" : t.finalAnswer());
        row(sb, "group / sample", t.groupId() + " / " + t.sampleIndex());
        row(sb, "tokens", t.tokens().length() + " (" + t.responseLength() + " after the prompt), "
                + t.numToolCalls() + " tool call(s)");
        if (t.textOnly()) {
            row(sb, "text-only", "token ids re-derived from decoded text; they are not the ids the model sampled");
        }
        sb.append("</table>");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><td><b>").append(Html.escape(k)).append("</b></td><td>").append(Html.escape(v))
                .append("</td></tr>");
    }

    /** [min, max] of the coloured value over tokens with weight > 0 (masked tokens get no heat). */
    private static double[] range(TokenArrays a, TokenColoring c) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length(); i++) {
            double v = c.value(a, i);
            if (Double.isFinite(v) && a.lossWeights()[i] > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            return new double[]{0, 0};
        }
        if (c.signed()) {
            // Symmetric scale, white at zero.
            double abs = Math.max(Math.abs(min), Math.abs(max));
            return new double[]{-abs, abs};
        }
        return new double[]{min, max};
    }

    private static String colour(TokenColoring c, double v, double[] range) {
        return c.signed() ? ColorScale.diverging(v, range[1]) : ColorScale.sequential(v, range[0], range[1]);
    }

    private static void legend(StringBuilder sb, TokenColoring c, double[] range) {
        sb.append("<div class=\"legend\">");
        if (c != TokenColoring.NONE) {
            StringBuilder stops = new StringBuilder();
            for (int k = 0; k <= 10; k++) {
                double v = range[0] + (range[1] - range[0]) * k / 10.0;
                stops.append(k == 0 ? "" : ",").append(colour(c, v, range));
            }
            sb.append("<span><b>").append(c.label()).append("</b> ").append(Html.num(range[0]))
                    .append(" <span class=\"bar\" style=\"background:linear-gradient(to right,").append(stops)
                    .append(")\"></span> ").append(Html.num(range[1]));
            if (c.signed()) {
                sb.append(" (white = 0)");
            }
            sb.append("</span>");
        }
        for (Role r : Role.values()) {
            sb.append("<span><span class=\"sw\" style=\"border-bottom:3px solid ").append(ROLE_COLORS.get(r))
                    .append("\"></span>").append(r.name().toLowerCase(Locale.ROOT)).append("</span>");
        }
        sb.append("<span><span class=\"sw m\"></span>masked (weight 0, no gradient)</span></div>");
        if (c == TokenColoring.CONTRIBUTION) {
            sb.append("<p style=\"font-size:12px\">contribution c<sub>t</sub> = w<sub>t</sub>·A<sub>t</sub>·ρ<sub>t</sub>/N "
                    + "(0 where the PPO clip is active, minus the KL term where KL is in the loss): blue pushes the "
                    + "token's probability up, red down.</p>");
        }
    }

    private static void token(StringBuilder sb, TokenArrays a, int i, TokenColoring c, double[] range) {
        Role role = a.roles()[i];
        boolean masked = a.lossWeights()[i] == 0f;
        double v = c.value(a, i);
        StringBuilder style = new StringBuilder("border-bottom-color:").append(ROLE_COLORS.get(role));
        if (!masked && Double.isFinite(v) && c != TokenColoring.NONE) {
            String bg = colour(c, v, range);
            style.append(";background:").append(bg);
            if (ColorScale.isDark(bg)) {
                style.append(";color:#fff");
            }
        }
        sb.append("<span class=\"t").append(masked ? " m" : "").append("\" style=\"").append(style)
                .append("\" title=\"").append(Html.escape(tooltip(a, i))).append("\">");
        visible(sb, a.tokenText()[i]);
        sb.append("</span>");
    }

    /** Token text with newlines as ¶ (then a real line break), tabs as →, a whitespace-only token as ·. */
    private static void visible(StringBuilder sb, String text) {
        if (!text.isEmpty() && text.isBlank() && !text.contains("\n")) {
            sb.append("<span class=\"ws\">").append("·".repeat(text.length())).append("</span>");
            return;
        }
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch == '\n') {
                sb.append("<span class=\"ws\">¶</span>\n");
            } else if (ch == '\t') {
                sb.append("<span class=\"ws\">→</span>");
            } else {
                sb.append(Html.escape(String.valueOf(ch)));
            }
        }
    }

    private static String tooltip(TokenArrays a, int i) {
        return String.format(Locale.ROOT, "%s | id %d | %s | turn %d | weight %s | logprob %s | ref logprob %s | "
                        + "entropy %s | advantage %s | contribution %s | clipped %s",
                a.tokenText()[i].replace("\n", "\\n"), a.tokenIds()[i], a.roles()[i].name().toLowerCase(Locale.ROOT),
                a.turns()[i], Html.num(a.lossWeights()[i]), Html.num(a.logprobs()[i]), Html.num(a.refLogprobs()[i]),
                Html.num(a.entropies()[i]), Html.num(a.advantages()[i]), Html.num(a.contributions()[i]),
                a.clipped()[i] ? "yes" : "no");
    }
}
