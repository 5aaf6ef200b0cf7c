package dev.rwb.engine.env.kb;

import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.TaskInstance;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supply and the difficulty of kb-search questions: 512 distinct held-out questions at every
 * level (what a trainer's evaluation asks for), and at levels 4–5 a preamble of true sentences
 * about namesakes that makes the pasted question miss the start person's document, while the bare
 * question would have found it. Prints generation throughput per level.
 */
class KbQuestionSupplyTest {
    private static final KbSearchTask TASK = new KbSearchTask();
    private static final Pattern SENTENCE = Pattern.compile("([A-Z][a-z]+ [A-Z][a-z]+) was born in ([A-Za-z ]+?)"
            + " and works for ([A-Za-z ]+?)\\. ");

    @Test
    void fiveHundredTwelveDistinctHeldOutQuestionsAtEveryLevel() {
        for (int level = 1; level <= TASK.maxLevel(); level++) {
            long start = System.nanoTime();
            List<TaskInstance> held = TASK.generate(9, 512, level, Split.HELDOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("kb-search L%d: 512 held-out in %.2f s (%.0f instances/s)%n", level, seconds,
                    512 / seconds);
            assertEquals(512, held.size());
            assertEquals(512, held.stream().map(TaskInstance::key).distinct().count(), "level " + level);
            held.forEach(i -> assertEquals(Split.HELDOUT, i.split()));
        }
    }

    @Test
    void pastedQuestionMissesTheStartDocumentOnlyBecauseOfThePreamble() {
        for (int level = 4; level <= 5; level++) {
            for (Split split : Split.values()) {
                for (TaskInstance i : TASK.generate(17, 60, level, split)) {
                    checkReformulationNeeded(i);
                }
            }
        }
    }

    private static void checkReformulationNeeded(TaskInstance i) {
        int topK = Integer.parseInt(i.attribute("top_k"));
        String asked = i.attribute("question");
        String start = i.attribute("chain").split("\\|")[0];
        Person target = TASK.world().person(start);
        assertTrue(TASK.index().search(asked, topK).stream().noneMatch(d -> d.title().equals(start)),
                "pasted question finds " + start + ": " + asked);
        String bare = asked.substring(asked.lastIndexOf(". ") + 2);
        assertTrue(bare.contains(start), bare);
        assertEquals(start, TASK.index().search(bare, topK).get(0).title(), "bare question: " + bare);
        // The preamble is topK true sentences about distinct namesakes, all sharing one name part.
        Matcher m = SENTENCE.matcher(asked.substring(0, asked.length() - bare.length()));
        Set<String> named = new HashSet<>();
        Set<Boolean> sharesFirst = new HashSet<>();
        int end = 0;
        while (m.find()) {
            assertEquals(end, m.start(), "preamble is only sentences: " + asked);
            end = m.end();
            Person other = TASK.world().person(m.group(1));
            assertEquals(other.bornIn(), m.group(2), asked);
            assertEquals(other.employer(), m.group(3), asked);
            assertFalse(other.equals(target));
            assertTrue(other.first().equals(target.first()) || other.last().equals(target.last()), asked);
            sharesFirst.add(other.first().equals(target.first()));
            named.add(other.name());
        }
        assertEquals(asked.length() - bare.length(), end, "preamble is only sentences: " + asked);
        assertEquals(topK, named.size(), asked);
        assertEquals(1, sharesFirst.size(), asked);
    }
}
