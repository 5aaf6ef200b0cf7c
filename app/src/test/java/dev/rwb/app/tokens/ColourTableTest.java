package dev.rwb.app.tokens;

import dev.rwb.app.TestTrajectories;
import dev.rwb.engine.interop.export.TrajectoryHtml;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.Palette;
import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's token colours and the HTML export's come from the engine's one table, so they agree. */
class ColourTableTest {
    private static final String APP = TokenStylesheet.css();

    /** The hex the app's stylesheet gives a class for a property, e.g. {@code -rtfx-underline-color}. */
    private static String appHex(String styleClass, String property) {
        Matcher m = Pattern.compile("\\." + Pattern.quote(styleClass) + " \\{ " + Pattern.quote(property)
                + ": (#[0-9a-f]{6});").matcher(APP);
        assertTrue(m.find(), styleClass + " " + property);
        return m.group(1);
    }

    /** The hex the HTML page's CSS gives a selector's property, e.g. {@code border-bottom-color}. */
    private static String htmlHex(String css, String selector, String property) {
        Matcher m = Pattern.compile(Pattern.quote(selector + "{" + property + ":") + "(#[0-9a-f]{6})").matcher(css);
        assertTrue(m.find(), selector + " " + property);
        return m.group(1);
    }

    @Test
    void everyRoleHasTheSameColourInTheAppAndInTheHtmlExport() {
        Trajectory t = new TestTrajectories(3).groups("r", 0, 1, 2).get(0);
        String html = TrajectoryHtml.render(t, ColorMode.ROLE);
        for (Role r : Role.values()) {
            String k = r.name().toLowerCase(Locale.ROOT).replace('_', '-');
            String underline = appHex(TokenStyler.roleClass(r), "-rtfx-underline-color");
            assertEquals(RoleColors.hex(r), underline, r.name());
            assertEquals(underline, htmlHex(html, ".r-" + k, "border-bottom-color"), r.name());
            String tint = appHex(TokenStyler.roleTintClass(r), "-rtfx-background-color");
            assertEquals(tint, htmlHex(html, "#mode-role:checked~.tokens .r-" + k, "background"), r.name());
        }
        // The prompt is Okabe–Ito blue and the tool call orange in both (issue 12: HTML had black and blue).
        assertEquals("#0072b2", appHex(TokenStyler.roleClass(Role.PROMPT), "-rtfx-underline-color"));
        assertEquals("#e69f00", htmlHex(html, ".r-tool-call", "border-bottom-color"));
    }

    @Test
    void everyHeatBinHasTheSameColourInTheAppAndInTheHtmlExport() {
        Trajectory t = new TestTrajectories(3).groups("r", 0, 1, 2).get(0);
        ScaleContext ctx = new ScaleContext("r", 1, 0.05, Double.NaN, Double.NaN, 0, false);
        String html = TrajectoryHtml.render(t, ColorMode.CONTRIBUTION, ScaleScope.RUN, ctx);
        for (ColorMode m : ColorMode.values()) {
            if (m == ColorMode.ROLE) {
                continue;
            }
            Palette p = m.palette();
            for (int b = 0; b < HeatScale.binCount(p); b++) {
                String app = appHex(HeatScale.binClass(p, b), "-rtfx-background-color");
                assertEquals(HeatScale.binHex(p, b, HeatScale.binCount(p)), app, m + " bin " + b);
                assertEquals(app, htmlHex(html, "#mode-" + m.key() + ":checked~.tokens ."
                        + TrajectoryHtml.binClass(m, b), "background"), m + " bin " + b);
            }
        }
        assertEquals("#ffffff", appHex(HeatScale.binClass(Palette.RD_BU, HeatScale.SIGNED_HALF_BINS),
                "-rtfx-background-color"), "white exactly at zero");
        assertTrue(APP.contains(".heat-viridis-0 { -rtfx-background-color: " + HeatScale.binHex(Palette.VIRIDIS, 0, 16)
                + "; -fx-fill: white; }"), "dark cells get white text");
        assertTrue(APP.contains(".heat-viridis-15 { -rtfx-background-color: " + HeatScale.binHex(Palette.VIRIDIS, 15, 16)
                + "; -fx-fill: black; }"), "light cells get black text");
    }
}
