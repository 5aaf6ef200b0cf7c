package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenDocumentTest {
    private static TokenArrays tokens() {
        return TokenArrays.builder()
                .add(1, "Hi", Role.PROMPT, 0)
                .add(2, "\n", Role.PROMPT, 0)
                .add(3, " go", Role.REASONING, 1, 1f, -0.5f, -0.4f, 1f, 0.5f, 0.01f, false)
                .add(4, "", Role.ANSWER, 1, 1f, -0.1f, -0.1f, 0.2f, 0.5f, 0.02f, false)
                .add(5, "ok", Role.TOOL_RESPONSE, 2)
                .build();
    }

    @Test
    void newlinesArePilcrowsAndTurnsGetSeparators() {
        TokenDocument doc = TokenDocument.of(tokens(), true);
        assertEquals("Hi¶\n──── turn 1 ────\n·go∅\n──── turn 2 ────\nok", doc.text());
        assertArrayEquals(new int[]{0, doc.text().indexOf("·go"), doc.text().indexOf("ok")}, doc.turnStarts());
    }

    @Test
    void everyCharacterMapsBackToItsToken() {
        TokenDocument doc = TokenDocument.of(tokens(), false);
        for (int t = 0; t < 5; t++) {
            for (int c = doc.tokenStart(t); c < doc.tokenEnd(t); c++) {
                assertEquals(t, doc.tokenAt(c), "char " + c);
            }
        }
        int separator = doc.text().indexOf("turn 2");
        assertEquals(-1, doc.tokenAt(separator));
        assertEquals(-1, doc.tokenAt(doc.text().length()));
    }

    @Test
    void findMatchesTheShownFormOfTheQuery() {
        TokenDocument doc = TokenDocument.of(tokens(), true);
        TokenDocument.Matches m = doc.find("I\n");
        assertEquals(1, m.count());
        assertEquals(1, m.starts()[0]);
        assertEquals("i¶\n".length(), m.length());
        assertEquals(1, doc.find(" GO").count());
        assertTrue(doc.find("zzz").count() == 0);
    }
}
