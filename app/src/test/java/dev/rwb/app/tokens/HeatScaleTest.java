package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatScaleTest {
    private static TokenArrays tokens() {
        return TokenArrays.builder()
                // A masked token with a huge value must not stretch the scale.
                .add(1, "a", Role.TOOL_RESPONSE, 0, 0f, -9f, -9f, 9f, -5f, -5f, false)
                .add(2, "b", Role.REASONING, 1, 1f, -2f, -2f, 0.5f, -0.3f, -0.3f, false)
                .add(3, "c", Role.ANSWER, 1, 1f, -0.5f, -0.5f, 2f, 0.1f, 0.1f, false)
                .build();
    }

    @Test
    void signedScaleIsSymmetricWithWhiteAtZero() {
        HeatScale s = HeatScale.fit(ColorMode.CONTRIBUTION, tokens());
        assertEquals(-0.3, s.min(), 1e-6);
        assertEquals(0.3, s.max(), 1e-6);
        assertEquals(HeatScale.SIGNED_HALF_BINS, s.bin(0));
        assertEquals(0, s.bin(-0.3));
        assertEquals(2 * HeatScale.SIGNED_HALF_BINS, s.bin(0.3));
        assertEquals(Color.WHITE, HeatScale.binColor(Palette.RD_BU, HeatScale.SIGNED_HALF_BINS, s.binCount()));
    }

    @Test
    void unsignedScaleSpansObservedUnmaskedValues() {
        HeatScale s = HeatScale.fit(ColorMode.ENTROPY, tokens());
        assertEquals(0.5, s.min(), 1e-6);
        assertEquals(2.0, s.max(), 1e-6);
        assertEquals(0, s.bin(0.5));
        assertEquals(HeatScale.UNSIGNED_BINS - 1, s.bin(2.0));
        HeatScale mask = HeatScale.fit(ColorMode.LOSS_MASK, tokens());
        assertEquals(0, mask.min());
        assertEquals(1, mask.max());
    }

    @Test
    void darkCellsGetWhiteText() {
        assertTrue(Palette.isDark(Palette.VIRIDIS.at(0)));
        assertFalse(Palette.isDark(Palette.VIRIDIS.at(1)));
        Color darkest = HeatScale.binColor(Palette.VIRIDIS, 0, HeatScale.UNSIGNED_BINS);
        assertTrue(TokenStylesheet.css().contains(".heat-viridis-0 { -rtfx-background-color: "
                + Palette.hex(darkest) + "; -fx-fill: white; }"));
        Color lightest = HeatScale.binColor(Palette.VIRIDIS, HeatScale.UNSIGNED_BINS - 1, HeatScale.UNSIGNED_BINS);
        assertTrue(TokenStylesheet.css().contains(".heat-viridis-15 { -rtfx-background-color: "
                + Palette.hex(lightest) + "; -fx-fill: black; }"));
    }
}
