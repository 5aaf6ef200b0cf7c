package dev.rwb.app.tokens;

import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.Palette;
import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.trajectory.Role;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Generates the token view's CSS from the engine's colour table ({@link dev.rwb.engine.palette}),
 * so the colours on screen, in the legend and in the HTML export are one source. Installed as a
 * {@code data:} stylesheet (JavaFX 17+).
 */
public final class TokenStylesheet {
    private TokenStylesheet() {
    }

    /** The stylesheet as a data URI for {@code getStylesheets().add(...)}. */
    public static String dataUri() {
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css().getBytes(StandardCharsets.UTF_8));
    }

    /** The CSS text. */
    public static String css() {
        StringBuilder css = new StringBuilder(8192);
        for (Palette p : Palette.values()) {
            heatBins(css, p, HeatScale.binCount(p));
        }
        for (Role role : Role.values()) {
            css.append('.').append(TokenStyler.roleClass(role)).append(" { -rtfx-underline-color: ")
                    .append(RoleColors.hex(role)).append("; -rtfx-underline-width: 3; -rtfx-underline-offset: 1;"
                            + " -rtfx-underline-cap: butt; }\n");
            css.append('.').append(TokenStyler.roleTintClass(role)).append(" { -rtfx-background-color: ")
                    .append(RoleColors.tintHex(role)).append("; }\n");
        }
        // Masked: hatched grey, dashed outline, dim text; never a heat colour.
        css.append('.').append(TokenStyler.MASKED).append(" { -rtfx-background-color: linear-gradient(from 0px 0px"
                + " to 5px 5px, repeat, #e4e4e4 0%, #e4e4e4 45%, #f6f6f6 45%, #f6f6f6 100%);"
                + " -rtfx-border-stroke-color: #a0a0a0; -rtfx-border-stroke-width: 0.7;"
                + " -rtfx-border-stroke-type: inside; -rtfx-border-stroke-dash-array: 2 2; -fx-fill: #555555; }\n");
        css.append('.').append(TokenStyler.NO_VALUE).append(" { -fx-fill: #555555; }\n");
        css.append('.').append(TokenStyler.CLIPPED).append(" { -rtfx-border-stroke-color: #000000;"
                + " -rtfx-border-stroke-width: 1; -rtfx-border-stroke-dash-array: 1 2; }\n");
        css.append('.').append(TokenDocument.TURN_SEPARATOR_CLASS).append(" { -fx-fill: #6b6b6b; }\n");
        // Marks come after masked and clipped so their outline wins; drift is dashed, lint solid.
        css.append('.').append(TokenMarks.Kind.LINT.styleClass()).append(" { -rtfx-border-stroke-color: #d55e00;"
                + " -rtfx-border-stroke-width: 2; -rtfx-border-stroke-type: outside; }\n");
        css.append('.').append(TokenMarks.Kind.DRIFT.styleClass()).append(" { -rtfx-border-stroke-color: #cc79a7;"
                + " -rtfx-border-stroke-width: 2; -rtfx-border-stroke-type: outside; -rtfx-border-stroke-dash-array: 4 2; }\n");
        css.append('.').append(TokenMarks.Kind.NOTE.styleClass()).append(" { -rtfx-border-stroke-color: #e69f00;"
                + " -rtfx-border-stroke-width: 2; -rtfx-border-stroke-type: outside; }\n");
        css.append(".mark-gutter { -fx-text-fill: #d55e00; -fx-font-weight: bold; -fx-font-size: 13px; -fx-padding: 0; }\n");
        css.append(".mark-gutter-drift { -fx-text-fill: #cc79a7; }\n");
        css.append(".mark-gutter-note { -fx-text-fill: #b07800; }\n");
        css.append(".find-hit { -rtfx-border-stroke-color: #000000; -rtfx-border-stroke-width: 2; }\n");
        css.append(".legend-no-signal { -fx-font-weight: bold; -fx-background-color: #fff3c4; -fx-padding: 1 6 1 6; }\n");
        return css.toString();
    }

    private static void heatBins(StringBuilder css, Palette palette, int bins) {
        for (int b = 0; b < bins; b++) {
            String hex = HeatScale.binHex(palette, b, bins);
            css.append('.').append(HeatScale.binClass(palette, b)).append(" { -rtfx-background-color: ")
                    .append(hex).append("; -fx-fill: ").append(Palette.isDark(hex) ? "white" : "black").append("; }\n");
        }
    }
}
