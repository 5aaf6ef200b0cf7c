package dev.rwb.engine.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HfTokenizerTest {

    @Test
    void piecesFollowCharacterOffsetsAndCoverTheText(@TempDir Path dir) throws Exception {
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.wordLevelTokenizer(dir, List.of("Zürich", "is", "in", "🏔", "!")))) {
            String text = "Zürich  is in 🏔 Suisse!";
            List<String> pieces = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            tok.split(text, (id, piece) -> {
                ids.add(id);
                pieces.add(piece);
            });
            assertEquals(List.of("Zürich  ", "is ", "in ", "🏔 ", "Suisse", "!"), pieces);
            assertEquals(List.of(1, 2, 3, 4, 0, 5), ids, "an unknown word is [UNK] (0) but keeps its text");
            assertArrayEquals(new int[]{1, 2, 3, 4, 0, 5}, tok.encode(text));
            assertEquals("Zürich", tok.decodeToken(1));
            assertEquals(6, tok.vocabSize());
            assertEquals(4, tok.specialId("🏔"));
            assertEquals(-1, tok.eosId());
        }
        assertThrows(java.io.IOException.class, () -> HfTokenizer.load(dir.resolve("missing.json")));
    }
}
