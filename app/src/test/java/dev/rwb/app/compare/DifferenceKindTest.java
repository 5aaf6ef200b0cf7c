package dev.rwb.app.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferenceKindTest {
    private static final double FLOOR = 1e-9;

    @Test
    void aSmallerShareOfALargerNormaliserIsRenormalisationNotAPushTheOtherWay() {
        // Unmasking a tool response: N 5 → 6, a reasoning token with A = −0.8 goes from −0.16 to −0.133.
        DifferenceKind k = DifferenceKind.of(1f, 1f, -0.8f / 5, -0.8f / 6, FLOOR);
        assertEquals(DifferenceKind.RENORMALISED, k);
        assertFalse(k.heatColoured(), "after − before > 0 must not be painted as pushed up");
    }

    @Test
    void maskChangesAndSignChangesAreColoured() {
        assertEquals(DifferenceKind.REWEIGHTED, DifferenceKind.of(0f, 1f, 0f, -0.8f / 6, FLOOR));
        assertEquals(DifferenceKind.REWEIGHTED, DifferenceKind.of(1f, 0f, 0.1f, 0f, FLOOR));
        assertEquals(DifferenceKind.SIGN_CHANGED, DifferenceKind.of(1f, 1f, 0.1f, -0.05f, FLOOR));
        assertTrue(DifferenceKind.REWEIGHTED.heatColoured());
        assertTrue(DifferenceKind.SIGN_CHANGED.heatColoured());
    }

    @Test
    void differencesAtTheFloorAreUnchanged() {
        assertEquals(DifferenceKind.UNCHANGED, DifferenceKind.of(1f, 1f, 1e-14f, -1e-14f, FLOOR));
        assertEquals(DifferenceKind.UNCHANGED, DifferenceKind.of(0f, 0f, 0f, 0f, FLOOR));
    }
}
