package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatScaleTest {
    private static final int WHITE = HeatScale.SIGNED_HALF_BINS;

    private static TokenArrays tokens(float... contributions) {
        TokenArrays.Builder b = TokenArrays.builder()
                // A masked token with a huge value must not stretch any scale.
                .add(1, "a", Role.TOOL_RESPONSE, 0, 0f, -9f, -9f, 9f, -5f, -5f, false);
        for (int i = 0; i < contributions.length; i++) {
            b.add(2 + i, "t" + i, Role.REASONING, 1, 1f, -0.5f - i, -0.5f, 0.5f + i, contributions[i],
                    contributions[i], false);
        }
        return b.build();
    }

    private static ScaleContext run(double maxAbs) {
        return new ScaleContext("r", maxAbs, maxAbs, Double.NaN, Double.NaN, 0, false);
    }

    @Test
    void signedScaleIsSymmetricWithWhiteOnlyAtZero() {
        HeatScale s = HeatScale.fit(ColorMode.CONTRIBUTION, tokens(-0.3f, 0.1f));
        assertEquals(-0.3, s.min(), 1e-6);
        assertEquals(0.3, s.max(), 1e-6);
        assertEquals(WHITE, s.bin(0));
        assertEquals(0, s.bin(-0.3));
        assertEquals(2 * WHITE, s.bin(0.3));
        assertEquals("#ffffff", s.binHex(WHITE));
        // A small value above the floor takes the lightest tint of its side, never white.
        assertEquals(WHITE + 1, s.bin(0.001));
        assertEquals(WHITE - 1, s.bin(-0.001));
    }

    @Test
    void roundOffBelowTheFloorOfTheRunsScaleIsWhiteEvenOnItsOwnScale() {
        // A zero-variance GRPO group: advantages ±1.1e-14 instead of 0; the run's scale is 0.0347.
        TokenArrays noise = tokens(1.1e-14f, -1.1e-14f);
        for (ScaleScope scope : ScaleScope.values()) {
            HeatScale s = HeatScale.fit(ColorMode.CONTRIBUTION, noise, scope, run(0.0347));
            assertEquals(WHITE, s.bin(1.1e-14), scope.name());
            assertEquals(WHITE, s.bin(-1.1e-14), scope.name());
        }
        HeatScale own = HeatScale.fit(ColorMode.CONTRIBUTION, noise, ScaleScope.TRAJECTORY, run(0.0347));
        assertTrue(own.noSignal(), "nothing above 1e-9 × the run's scale");
        assertEquals(ScaleScope.TRAJECTORY, own.scope());
        assertTrue(own.scaleText().contains("all white"), own.scaleText());
        // Without the floor the same data would be stretched to the darkest bins (the old defect).
        HeatScale alone = HeatScale.fit(ColorMode.CONTRIBUTION, noise);
        assertEquals(2 * WHITE, alone.bin(1.1e-14), "no run known: its own scale, as before");
    }

    @Test
    void oneScalePerRunMakesTheSameValueTheSameColourInEveryTrajectory() {
        TokenArrays a = tokens(0.0347f, -0.01f);
        TokenArrays b = tokens(0.0041f, -0.002f);
        ScaleContext ctx = run(0.0347);
        HeatScale sa = HeatScale.fit(ColorMode.CONTRIBUTION, a, ScaleScope.RUN, ctx);
        HeatScale sb = HeatScale.fit(ColorMode.CONTRIBUTION, b, ScaleScope.RUN, ctx);
        assertEquals(sa.max(), sb.max());
        assertEquals(sa.bin(0.0041), sb.bin(0.0041));
        assertEquals(ScaleScope.RUN, sb.scope());
        assertTrue(sb.scaleText().startsWith("scale: one scale per run, ±0.0347 = the largest |contribution| in run r"),
                sb.scaleText());
        // Per trajectory, b's own maximum takes the darkest blue: a different colour for the same value.
        HeatScale own = HeatScale.fit(ColorMode.CONTRIBUTION, b, ScaleScope.TRAJECTORY, ctx);
        assertNotEquals(sa.bin(0.0041), own.bin(0.0041));
        assertEquals(2 * WHITE, own.bin(0.0041));
    }

    @Test
    void aScopeWhoseRangeIsUnknownFallsBackToTheTrajectoryAndSaysSo() {
        HeatScale s = HeatScale.fit(ColorMode.ADVANTAGE, tokens(0.2f), ScaleScope.GROUP, run(1.0));
        assertEquals(ScaleScope.TRAJECTORY, s.scope());
        assertTrue(s.scaleText().contains("group's range is not known"), s.scaleText());
    }

    @Test
    void groupScaleUsesTheGroupsLargestValue() {
        Trajectory good = TestTrajectories.searchEpisode("r", 1, "g", 0, 1.0, true, "Ada");
        Trajectory bad = TestTrajectories.searchEpisode("r", 1, "g", 1, 0.2, false, "Bob");
        ScaleContext ctx = ScaleContext.of("r", 2.0, 2.0, List.of(good, bad));
        assertEquals(0.5, ctx.groupMaxAbsAdvantage(), 1e-6);
        assertFalse(ctx.groupRewardsEqual());
        HeatScale s = HeatScale.fit(ColorMode.ADVANTAGE, bad.tokens(), ScaleScope.GROUP, ctx);
        assertEquals(0.5, s.max(), 1e-6);
    }

    @Test
    void equalRewardsAreLabelledNoSignal() {
        Trajectory a = TestTrajectories.searchEpisode("r", 1, "g", 0, 0.1, false, "x");
        Trajectory b = TestTrajectories.searchEpisode("r", 1, "g", 1, 0.1, false, "y");
        ScaleContext equal = ScaleContext.of("r", 1, 1, List.of(a, b));
        assertTrue(equal.groupRewardsEqual());
        assertEquals("no signal (all rewards equal)", LegendText.noSignal(a.tokens(), equal));
        Trajectory c = TestTrajectories.searchEpisode("r", 1, "g", 2, 0.9, true, "z");
        assertEquals("", LegendText.noSignal(a.tokens(), ScaleContext.of("r", 1, 1, List.of(a, c))));
        // A group of one has no baseline: not "all rewards equal", and its advantage −0.4 is signal.
        assertEquals("", LegendText.noSignal(a.tokens(), ScaleContext.of("r", 1, 1, List.of(a))));
    }

    @Test
    void unsignedScalesSpanTheUnmaskedValuesAndCollapseWhenTheyAreAllEqual() {
        HeatScale s = HeatScale.fit(ColorMode.ENTROPY, tokens(0.1f, 0.2f));
        assertEquals(0.5, s.min(), 1e-6);
        assertEquals(1.5, s.max(), 1e-6);
        assertEquals(0, s.bin(0.5));
        assertEquals(HeatScale.UNSIGNED_BINS - 1, s.bin(1.5));
        HeatScale mask = HeatScale.fit(ColorMode.LOSS_MASK, tokens(0.1f));
        assertEquals(0, mask.min());
        assertEquals(1, mask.max());
        HeatScale flat = HeatScale.fit(ColorMode.ENTROPY, tokens(0.1f));
        assertEquals(HeatScale.UNSIGNED_BINS / 2, flat.bin(0.5), "a single value is one constant, mid colour");
        assertTrue(flat.scaleText().contains("all values equal"));
    }

    @Test
    void paletteTableIsHexAndWhiteAtZero() {
        assertEquals("#67001f", Palette.RD_BU.hexAt(0));
        assertEquals("#ffffff", Palette.RD_BU.hexAt(0.5));
        assertEquals("#053061", Palette.RD_BU.hexAt(1));
        assertEquals("#440154", Palette.VIRIDIS.hexAt(0));
        assertEquals("#fde725", Palette.VIRIDIS.hexAt(1));
        assertEquals("#00224e", Palette.CIVIDIS.hexAt(0));
        assertTrue(Palette.isDark(Palette.VIRIDIS.hexAt(0)));
        assertFalse(Palette.isDark(Palette.VIRIDIS.hexAt(1)));
        assertEquals(Palette.VIRIDIS, ColorMode.ENTROPY.palette());
        assertEquals(Palette.CIVIDIS, ColorMode.LOSS_MASK.palette());
        assertTrue(LegendText.palette(ColorMode.ENTROPY).startsWith("viridis"));
        assertEquals("#0072b2", RoleColors.hex(Role.PROMPT));
        assertEquals("#e69f00", RoleColors.hex(Role.TOOL_CALL));
        for (Role r : Role.values()) {
            assertTrue(RoleColors.hex(r).matches("#[0-9a-f]{6}"), r.name());
            boolean neutral = r == Role.SYSTEM || r == Role.PAD;
            assertEquals(!neutral, OkabeIto.series().contains(RoleColors.hex(r)), r + ": Okabe–Ito unless neutral");
        }
        assertEquals(ColorMode.LOSS_MASK, ColorMode.parse("loss-mask"));
        assertEquals(ColorMode.LOSS_MASK, ColorMode.parse("LOSS_MASK"));
    }
}
