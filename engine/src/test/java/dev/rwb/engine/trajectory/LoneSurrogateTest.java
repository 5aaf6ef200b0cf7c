package dev.rwb.engine.trajectory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link TrajectoryValidator#loneSurrogate}: the index of the first lone surrogate, or −1. */
class LoneSurrogateTest {

    @Test
    void wellFormedTextsHaveNone() {
        for (String s : new String[] {"", "abc", "h\u00e9llo", "\ud7ff\ue000\uffff", "a\ud83d\ude00b", "\ud83d\ude00\ud83d\ude00"}) {
            assertEquals(-1, TrajectoryValidator.loneSurrogate(s), s);
        }
        assertEquals(-1, TrajectoryValidator.loneSurrogate(null));
    }

    @Test
    void findsTheFirstLoneHighOrLowSurrogate() {
        assertEquals(1, TrajectoryValidator.loneSurrogate("a\ud800"));
        assertEquals(0, TrajectoryValidator.loneSurrogate("\udc00x"));
        assertEquals(2, TrajectoryValidator.loneSurrogate("\ud83d\ude00\ude00"));
        assertEquals(1, TrajectoryValidator.loneSurrogate("x\udbffy"));
        assertEquals(0, TrajectoryValidator.loneSurrogate("\udfff"));
        assertEquals(3, TrajectoryValidator.loneSurrogate("abc\ud800\ud800\udc00"));
    }

    @Test
    void anySurrogatePairedOrNotIsFound() {
        for (String s : new String[] {"", "abc", "h\u00e9llo \u65e5", "\ud7ff\ue000\uffff"}) {
            assertEquals(false, TrajectoryValidator.hasSurrogate(s), s);
        }
        for (String s : new String[] {"a\ud83d\ude00b", "\ud800", "x\udfff", "abc\udbff"}) {
            assertEquals(true, TrajectoryValidator.hasSurrogate(s), s);
        }
    }
}
