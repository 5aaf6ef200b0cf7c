package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

    private final Map<List<String>, List<String>> interned = new HashMap<>();

    /** Style class of a role's underline, e.g. {@code role-tool-response}. */
    public static String roleClass(Role role) {
        return "role-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Style class of a role's background tint in {@link ColorMode#ROLE}. */
    public static String roleTintClass(Role role) {
        return "role-tint-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The style classes of one token. */
    public List<String> classesOf(TokenArrays tokens, int i, ColorMode mode, HeatScale scale) {
        List<String> classes = new ArrayList<>(3);
        Role role = tokens.roles()[i];
        classes.add(roleClass(role));
        if (mode == ColorMode.ROLE) {
            classes.add(roleTintClass(role));
        } else if (tokens.lossWeights()[i] == 0f) {
            classes.add(MASKED);
        } else {
            float v = mode.values(tokens)[i];
            classes.add(Float.isFinite(v) ? scale.binClass(scale.bin(v)) : NO_VALUE);
            if (tokens.clipped()[i]) {
                classes.add(CLIPPED);
            }
        }
        return interned.computeIfAbsent(classes, k -> k);
    }

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
            List<String> style = owners[s] < 0 ? List.of(TokenDocument.TURN_SEPARATOR_CLASS)
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
