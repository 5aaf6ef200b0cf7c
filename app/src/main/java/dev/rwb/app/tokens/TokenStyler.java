package dev.rwb.app.tokens;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.ReadOnlyStyledDocumentBuilder;
import org.fxmisc.richtext.model.SegmentOps;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyledSegment;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes the style classes of every token for a colour mode and merges equal neighbours into
 * one span, so a 32k-token trajectory becomes a few thousand spans rather than 32k nodes.
 *
 * <p>Channels never share a CSS property: role is the underline, heat is the background,
 * masked tokens get a hatched grey background with a dashed outline instead of heat.
 */
public final class TokenStyler {
    /** Class of tokens with loss weight 0 (no gradient). */
    public static final String MASKED = "tok-masked";
    /** Class of tokens whose value is unknown (NaN) in the current mode. */
    public static final String NO_VALUE = "tok-no-value";
    /** Class of tokens whose gradient the PPO clip removed. */
    public static final String CLIPPED = "tok-clipped";

    /** Style class of a role's underline, e.g. {@code role-tool-response}. */
    public static String roleClass(Role role) {
        return "role-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Style class of a role's background tint in {@link ColorMode#ROLE}. */
    public static String roleTintClass(Role role) {
        return "role-tint-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The style classes of one token (shared, immutable lists: equal styles are the same object). */
    public List<String> classesOf(TokenArrays tokens, int i, ColorMode mode, HeatScale scale) {
        Role role = tokens.roles()[i];
        // Cache key: role × (0 = role tint, 1 = masked, 2 = no value, 3 + 2·bin + clipped = heat).
        int code;
        if (mode == ColorMode.ROLE) {
            code = 0;
        } else if (tokens.lossWeights()[i] == 0f) {
            code = 1;
        } else {
            float v = mode.values(tokens)[i];
            code = Float.isFinite(v) ? 3 + 2 * scale.bin(v) + (tokens.clipped()[i] ? 1 : 0) : 2;
        }
        int key = role.ordinal() * CODES + code;
        List<String> cached = cache[key];
        if (cached == null || cachedMode[key] != mode) {
            cached = build(role, code, mode, scale);
            cache[key] = cached;
            cachedMode[key] = mode;
        }
        return cached;
    }

    private static final int CODES = 3 + 2 * (2 * HeatScale.SIGNED_HALF_BINS + 1);
    private final List<String>[] cache = newCache();
    private final ColorMode[] cachedMode = new ColorMode[Role.values().length * CODES];

    @SuppressWarnings("unchecked")
    private static List<String>[] newCache() {
        return (List<String>[]) new List<?>[Role.values().length * CODES];
    }

    private static List<String> build(Role role, int code, ColorMode mode, HeatScale scale) {
        List<String> classes = new ArrayList<>(3);
        classes.add(roleClass(role));
        if (code == 0) {
            classes.add(roleTintClass(role));
        } else if (code == 1) {
            classes.add(MASKED);
        } else if (code == 2) {
            classes.add(NO_VALUE);
        } else {
            classes.add(scale.binClass((code - 3) / 2));
            if ((code - 3) % 2 == 1) {
                classes.add(CLIPPED);
            }
        }
        return List.copyOf(classes);
    }

    /**
     * The whole document with its styles, built paragraph by paragraph in one pass, so the area
     * takes it in a single replace instead of a text replace followed by a full restyle.
     */
    public ReadOnlyStyledDocument<Collection<String>, String, Collection<String>> styledDocument(
            TokenDocument doc, ColorMode mode, HeatScale scale) {
        return styledDocument(doc, mode, scale, TokenMarks.NONE);
    }

    /** {@link #styledDocument(TokenDocument, ColorMode, HeatScale)} with the marked tokens outlined. */
    public ReadOnlyStyledDocument<Collection<String>, String, Collection<String>> styledDocument(
            TokenDocument doc, ColorMode mode, HeatScale scale, TokenMarks marks) {
        String text = doc.text();
        ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> builder =
                new ReadOnlyStyledDocumentBuilder<>(SEGMENT_OPS, List.of());
        List<StyledSegment<String, Collection<String>>> paragraph = new ArrayList<>();
        int[] starts = doc.segmentStarts();
        int[] owners = doc.segmentTokens();
        int runStart = 0;
        List<String> runStyle = null;
        for (int seg = 0; seg <= starts.length; seg++) {
            boolean last = seg == starts.length;
            List<String> style = last ? null : owners[seg] < 0 ? SEPARATOR
                    : marked(classesOf(doc.tokens(), owners[seg], mode, scale), marks.kindOf(owners[seg]));
            // Styles are shared objects, so reference equality finds equal neighbours.
            if (style == runStyle && !last) {
                continue;
            }
            int runEnd = last ? text.length() : starts[seg];
            if (runStyle != null && runEnd > runStart) {
                paragraph = appendRun(builder, paragraph, text, runStart, runEnd, runStyle);
            }
            runStyle = style;
            runStart = runEnd;
        }
        if (paragraph.isEmpty()) {
            paragraph.add(new StyledSegment<>("", List.of()));
        }
        builder.addParagraph(paragraph);
        return builder.build();
    }

    /** Adds text[from, to) in one style, closing a paragraph at each newline; returns the open paragraph. */
    private static List<StyledSegment<String, Collection<String>>> appendRun(
            ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> builder,
            List<StyledSegment<String, Collection<String>>> paragraph, String text, int from, int to,
            List<String> style) {
        int at = from;
        for (int nl = text.indexOf('\n', at); nl >= 0 && nl < to; nl = text.indexOf('\n', at)) {
            paragraph.add(new StyledSegment<>(text.substring(at, nl), style));
            builder.addParagraph(paragraph);
            paragraph = new ArrayList<>();
            at = nl + 1;
        }
        if (at < to) {
            paragraph.add(new StyledSegment<>(text.substring(at, to), style));
        }
        return paragraph;
    }

    /** The style with a mark's class added: one shared list per (style, kind), so runs still merge by reference. */
    private List<String> marked(List<String> style, TokenMarks.Kind kind) {
        if (kind == null) {
            return style;
        }
        Map<List<String>, List<String>> byStyle = markedCache.computeIfAbsent(kind, k -> new IdentityHashMap<>());
        return byStyle.computeIfAbsent(style, s -> {
            List<String> out = new ArrayList<>(s);
            out.add(kind.styleClass());
            return List.copyOf(out);
        });
    }

    private final Map<TokenMarks.Kind, Map<List<String>, List<String>>> markedCache =
            new java.util.EnumMap<>(TokenMarks.Kind.class);

    private static final List<String> SEPARATOR = List.of(TokenDocument.TURN_SEPARATOR_CLASS);

    private static final SegmentOps<String, Collection<String>> SEGMENT_OPS = SegmentOps.styledTextOps();

    /** Style spans covering the whole document, equal neighbours merged. */
    public StyleSpans<Collection<String>> spans(TokenDocument doc, ColorMode mode, HeatScale scale) {
        StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
        int[] starts = doc.segmentStarts();
        int[] owners = doc.segmentTokens();
        int total = doc.text().length();
        List<String> current = null;
        int runLength = 0;
        for (int s = 0; s < starts.length; s++) {
            int length = (s + 1 < starts.length ? starts[s + 1] : total) - starts[s];
            List<String> style = owners[s] < 0 ? SEPARATOR
                    : classesOf(doc.tokens(), owners[s], mode, scale);
            if (style.equals(current)) {
                runLength += length;
                continue;
            }
            if (current != null && runLength > 0) {
                builder.add(current, runLength);
            }
            current = style;
            runLength = length;
        }
        if (current != null && runLength > 0) {
            builder.add(current, runLength);
        }
        if (current == null) {
            builder.add(List.of(), 0);
        }
        return builder.create();
    }
}
