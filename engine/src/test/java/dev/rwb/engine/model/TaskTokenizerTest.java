package dev.rwb.engine.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskTokenizerTest {
    /** The encoder as first written (a regex and a boxed list): the scanner must give the same ids. */
    private static int[] regexEncode(TaskTokenizer t, String text) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < t.vocabulary().size(); i++) {
            ids.put(t.vocabulary().get(i), i);
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("</?[a-z]+>| ?[A-Za-z]+|[0-9]|\\s|.",
                java.util.regex.Pattern.DOTALL).matcher(text);
        while (m.find()) {
            Integer id = ids.get(m.group());
            if (id != null) {
                out.add(id);
                continue;
            }
            for (int i = 0; i < m.group().length(); i++) {
                Integer c = ids.get(String.valueOf(m.group().charAt(i)));
                out.add(c != null ? c : ids.get("?"));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void theScannerCutsLikeTheRegexItReplaced() {
        String alphabet = "ab zZ<>/\n\t\r\u000b\f09?é日😀 thecapitalthinksearch<think></answer></ <a> <ab <A>";
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int r = 0; r < 3000; r++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(40); k > 0; k--) {
                int at = rnd.nextInt(alphabet.length());
                sb.append(alphabet, at, Math.min(alphabet.length(), at + 1 + rnd.nextInt(6)));
            }
            String text = sb.toString();
            org.junit.jupiter.api.Assertions.assertArrayEquals(regexEncode(tokenizer, text), tokenizer.encode(text),
                    () -> "ids of '" + text + "'");
        }
    }

    private final TaskTokenizer tokenizer = TaskTokenizer.fromCorpus(List.of(
            "<think>find the capital</think><search>capital of France</search>", "the capital of Peru"), 1);

    @Test
    void everyTokenDecodesToExactlyTheTextThatProducedIt() {
        String text = "<think>the capital of  Peru?</think>\n<calc>12*(3+4)</calc>\tdone <answer>Lima</answer>";
        int[] ids = tokenizer.encode(text);
        StringBuilder rebuilt = new StringBuilder();
        for (int id : ids) {
            String piece = tokenizer.decodeToken(id);
            assertEquals(1, tokenizer.encode(piece).length, "token '" + piece + "' re-encodes to one token");
            assertEquals(id, tokenizer.encode(piece)[0]);
            rebuilt.append(piece);
        }
        assertEquals(text, rebuilt.toString());
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void tagsAreSingleTokensAndNumbersAreDigits() {
        for (String tag : TaskTokenizer.TAGS) {
            int[] ids = tokenizer.encode(tag);
            assertEquals(1, ids.length, tag);
            assertEquals(tokenizer.specialId(tag), ids[0]);
        }
        int[] number = tokenizer.encode("2024");
        assertEquals(4, number.length);
        assertEquals("2", tokenizer.decodeToken(number[0]));
        assertEquals(" capital", tokenizer.decodeToken(tokenizer.encode(" capital")[0]));
    }

    @Test
    void unknownWordsFallBackToCharactersAndNonAsciiToQuestionMark() {
        int[] word = tokenizer.encode(" Zanzibar");
        assertEquals(9, word.length, "unknown word is spelled out character by character");
        assertEquals(" Zanzibar", tokenizer.decode(word));
        int[] accented = tokenizer.encode("é");
        assertEquals(1, accented.length);
        assertEquals("?", tokenizer.decodeToken(accented[0]));
    }

    @Test
    void vocabularyRoundTripsAndBadIdsAreRejected() {
        TaskTokenizer restored = TaskTokenizer.fromVocabulary(tokenizer.vocabulary());
        String text = "<search>capital of Peru</search>";
        assertEquals(List.of(box(tokenizer.encode(text))), List.of(box(restored.encode(text))));
        assertTrue(tokenizer.bosId() != tokenizer.eosId());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decodeToken(tokenizer.vocabSize()));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.specialId("<nope>"));
        assertThrows(IllegalArgumentException.class, () -> TaskTokenizer.fromVocabulary(List.of("a", "b")));
    }

    private static List<Integer> box(int[] ids) {
        return java.util.Arrays.stream(ids).boxed().toList();
    }
}
