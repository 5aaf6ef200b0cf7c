package dev.rwb.engine.interop.export;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TokenExtrasText;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trajectory as a self-contained HTML page (DESIGN §7) with the app's six colour modes and a
 * switch between them that needs no script: each mode is a radio button, and CSS colours the
 * tokens by the bin classes every token carries for every mode. Colours, bins, floors and scales
 * come from the engine's one colour table ({@link dev.rwb.engine.palette}), so a token has the
 * same colour here as in the app. Role is the underline in every mode; masked tokens (weight 0)
 * are grey hatched with a dashed outline in every heat mode; newlines show as ¶; the tooltip
 * (title attribute) holds everything known about the token. Lines wrap between tokens, never
 * inside one. No scripts, no network.
 */
public final class TrajectoryHtml {
    /** The page's base style, shared with {@link RunHtml}. */
    static final String CSS = "body{font-family:sans-serif;margin:24px;color:#222}"
            + "table{border-collapse:collapse;font-size:13px}td{padding:2px 10px 2px 0;vertical-align:top}";
    /**
     * The token area: a token never breaks (white-space:pre keeps its spaces and its newline), and
     * the {@code <wbr>} between two tokens is the only place a line may wrap.
     */
    static final String TOKEN_CSS = ".tokens{font-family:monospace;font-size:14px;line-height:2.1;white-space:normal;"
            + "word-break:normal;overflow-wrap:normal}"
            + ".t{white-space:pre;border-bottom:3px solid;padding:1px 0;margin-right:1px}"
            + ".ws{color:#aaa}.mode{position:absolute;opacity:0}"
            + ".view>label{display:inline-block;padding:3px 10px;margin:0 4px 8px 0;border:1px solid #bbb;"
            + "border-radius:4px;cursor:pointer;font-size:13px}"
            + ".lg{display:none;font-size:13px;margin:4px 0 12px}.bar span{display:inline-block;width:14px;height:12px}"
            + ".ticks{display:flex;justify-content:space-between;width:294px}"
            + ".sw{display:inline-block;width:26px;height:12px;vertical-align:middle;margin-right:4px}"
            + ".hatch{background:repeating-linear-gradient(45deg,#e4e4e4,#e4e4e4 3px,#f4f4f4 3px,#f4f4f4 6px);"
            + "outline:1px dashed #999}.key{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;margin:6px 0}"
            + ".nosignal{font-weight:bold;color:#222;background:#fff3c4;display:inline-block;padding:2px 8px}"
            + ".tag{display:inline-block;background:#e8eefc;border:1px solid #4a5d80;border-radius:9px;padding:0 8px;"
            + "margin-left:4px;font-size:13px}.notes{font-size:13px}"
            + ".nt{box-shadow:inset 0 3px 0 #e69f00}";
    private static final String MASKED_CLASS = "m";
    private static final String NOTE_CLASS = "nt";
    private static final String CLIPPED_CLASS = "cl";

    private TrajectoryHtml() {
    }

    /** The page with no run or group known: signed scales are the trajectory's own, and the legend says so. */
    public static String render(Trajectory t, ColorMode initial) {
        return render(t, initial, ScaleScope.RUN, ScaleContext.UNKNOWN);
    }

    /** The page with signed modes scaled over {@code scope} of {@code context}, {@code initial} selected. */
    public static String render(Trajectory t, ColorMode initial, ScaleScope scope, ScaleContext context) {
        return render(t, initial, scope, context, TrajectoryAnnotations.NONE);
    }

    /**
     * The page with the trajectory's tags under its title and its notes listed, each noted token
     * marked (a yellow overline box) with the comment in its tooltip.
     */
    public static String render(Trajectory t, ColorMode initial, ScaleScope scope, ScaleContext context,
                                TrajectoryAnnotations notes) {
        TokenArrays a = t.tokens();
        Map<ColorMode, HeatScale> scales = new EnumMap<>(ColorMode.class);
        for (ColorMode m : ColorMode.values()) {
            if (m != ColorMode.ROLE) {
                scales.put(m, HeatScale.fit(m, a, scope, context));
            }
        }
        StringBuilder sb = new StringBuilder(a.length() * 160 + 16384);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(t.run() + " step " + t.step() + " #" + t.id())).append("</title><style>")
                .append(CSS).append(TOKEN_CSS);
        modeCss(sb, scales);
        sb.append("</style></head><body>");
        sb.append("<h1>").append(Html.escape(t.run())).append(" · step ").append(t.step()).append(" · ")
                .append(Html.escape(t.task())).append("</h1>");
        header(sb, t);
        annotations(sb, t, notes);
        String noSignal = LegendText.noSignal(a, context);
        if (!noSignal.isEmpty()) {
            sb.append("<p class=\"nosignal\" id=\"no-signal\">").append(Html.escape(noSignal)).append("</p>");
        }
        sb.append("<div class=\"view\">");
        for (ColorMode m : ColorMode.values()) {
            sb.append("<input type=\"radio\" name=\"mode\" class=\"mode\" id=\"mode-").append(m.key()).append('"')
                    .append(m == initial ? " checked" : "").append("><label for=\"mode-").append(m.key())
                    .append("\">").append(Html.escape(m.label())).append("</label>");
        }
        sb.append("<div class=\"legends\">");
        for (ColorMode m : ColorMode.values()) {
            legend(sb, m, scales.get(m));
        }
        roleKey(sb);
        sb.append("</div><div class=\"tokens\">");
        for (int i = 0; i < a.length(); i++) {
            if (i > 0) {
                sb.append("<wbr>");
            }
            token(sb, a, i, scales, notes.notesAt(i));
        }
        sb.append("</div></div></body></html>\n");
        return sb.toString();
    }

    /** The class a token carries for a heat mode's bin, e.g. {@code contribution-12}. */
    public static String binClass(ColorMode mode, int bin) {
        return mode.key() + "-" + bin;
    }

    /** The CSS that colours the tokens for whichever mode's radio button is checked. */
    private static void modeCss(StringBuilder css, Map<ColorMode, HeatScale> scales) {
        String role = "#mode-role:checked~.tokens ";
        String heat = "#mode-role:not(:checked)~.tokens ";
        for (Role r : Role.values()) {
            css.append(".r-").append(key(r)).append("{border-bottom-color:").append(RoleColors.hex(r)).append('}');
            css.append(role).append(".r-").append(key(r)).append("{background:").append(RoleColors.tintHex(r)).append('}');
        }
        css.append(heat).append('.').append(MASKED_CLASS).append("{background:repeating-linear-gradient(45deg,#e4e4e4,"
                + "#e4e4e4 3px,#f4f4f4 3px,#f4f4f4 6px);outline:1px dashed #999;color:#555}");
        css.append(heat).append('.').append(CLIPPED_CLASS).append("{outline:1px dotted #000}");
        for (ColorMode m : ColorMode.values()) {
            String checked = "#mode-" + m.key() + ":checked";
            css.append(checked).append("+label{background:#dde6f3;border-color:#4a5d80;font-weight:bold}");
            css.append(checked).append("~.legends .lg-").append(m.key()).append("{display:block}");
            HeatScale s = scales.get(m);
            if (s == null) {
                continue;
            }
            for (int b = 0; b < s.binCount(); b++) {
                String hex = s.binHex(b);
                css.append(checked).append("~.tokens .").append(binClass(m, b)).append("{background:").append(hex)
                        .append(";color:").append(dev.rwb.engine.palette.Palette.isDark(hex) ? "#fff" : "#000")
                        .append('}');
            }
        }
    }

    private static String key(Role r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
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

    private static void annotations(StringBuilder sb, Trajectory t, TrajectoryAnnotations a) {
        if (!a.tags().isEmpty()) {
            sb.append("<p class=\"tags\" id=\"tags\">tags:");
            for (String tag : a.tags()) {
                sb.append(" <span class=\"tag\">").append(Html.escape(tag)).append("</span>");
            }
            sb.append("</p>");
        }
        if (!a.notes().isEmpty()) {
            sb.append("<ol class=\"notes\" id=\"notes\">");
            for (dev.rwb.engine.store.Note n : a.notes()) {
                StringBuilder span = new StringBuilder();
                for (int i = n.startToken(); i <= n.endToken() && i < t.tokens().length(); i++) {
                    span.append(t.tokens().tokenText()[i]);
                }
                sb.append("<li>tokens ").append(n.startToken()).append('–').append(n.endToken()).append(" «")
                        .append(Html.escape(span.toString().replace("\n", "¶"))).append("»: ")
                        .append(Html.escape(n.comment())).append("</li>");
            }
            sb.append("</ol>");
        }
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><td><b>").append(Html.escape(k)).append("</b></td><td>").append(Html.escape(v))
                .append("</td></tr>");
    }

    private static void legend(StringBuilder sb, ColorMode m, HeatScale s) {
        sb.append("<div class=\"lg lg-").append(m.key()).append("\"><b>").append(Html.escape(m.label()))
                .append("</b> · ").append(Html.escape(LegendText.palette(m)));
        if (s != null) {
            sb.append("<div class=\"bar\">");
            for (int b = 0; b < s.binCount(); b++) {
                sb.append("<span style=\"background:").append(s.binHex(b)).append("\"></span>");
            }
            double mid = m.signed() ? 0 : (s.min() + s.max()) / 2;
            sb.append("</div><div class=\"ticks\"><span>").append(LegendText.number(s.min())).append("</span><span>")
                    .append(LegendText.number(mid)).append("</span><span>").append(LegendText.number(s.max()))
                    .append("</span></div><div class=\"scale\">").append(Html.escape(s.scaleText())).append("</div>");
            sb.append("<div><span class=\"sw hatch\"></span>masked (w = 0): no gradient</div>");
        }
        sb.append("<p>").append(Html.escape(LegendText.definition(m))).append("</p></div>");
    }

    private static void roleKey(StringBuilder sb) {
        sb.append("<div class=\"key\">role (underline):");
        for (Role r : Role.values()) {
            sb.append("<span><span class=\"sw\" style=\"border-bottom:3px solid ").append(RoleColors.hex(r))
                    .append("\"></span>").append(key(r).replace('-', ' ')).append("</span>");
        }
        sb.append("</div>");
    }

    private static final List<ColorMode> HEAT_MODES = List.of(ColorMode.LOSS_MASK, ColorMode.CONTRIBUTION,
            ColorMode.ADVANTAGE, ColorMode.LOGPROB, ColorMode.ENTROPY);

    private static void token(StringBuilder sb, TokenArrays a, int i, Map<ColorMode, HeatScale> scales, String note) {
        boolean masked = a.lossWeights()[i] == 0f;
        sb.append("<span class=\"t r-").append(key(a.roles()[i]));
        if (!note.isEmpty()) {
            sb.append(' ').append(NOTE_CLASS);
        }
        if (masked) {
            sb.append(' ').append(MASKED_CLASS);
        } else {
            for (ColorMode m : HEAT_MODES) {
                float v = m.values(a)[i];
                if (Float.isFinite(v)) {
                    HeatScale s = scales.get(m);
                    sb.append(' ').append(binClass(m, s.bin(v)));
                }
            }
            if (a.clipped()[i]) {
                sb.append(' ').append(CLIPPED_CLASS);
            }
        }
        sb.append("\" title=\"").append(Html.escape(tooltip(a, i) + (note.isEmpty() ? "" : " | note: " + note)))
                .append("\">");
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
                a.clipped()[i] ? "yes" : "no")
                + TokenExtrasText.lines(a, i).stream().map(line -> " | " + line).collect(Collectors.joining());
    }
}
