package dev.rwb.engine.env;

import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.countdown.CountdownTask;
import dev.rwb.engine.env.kb.KbSearchTask;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskGenerationTest {
    private static final List<Task> TASKS = List.of(new KbSearchTask(), new ArithmeticTask(), new CountdownTask());

    @Test
    void deterministicPerSeedAndDifferentAcrossSeeds() {
        for (Task t : TASKS) {
            for (int level = 1; level <= t.maxLevel(); level++) {
                List<TaskInstance> a = t.generate(42, 5, level, Split.TRAIN);
                assertEquals(a, t.generate(42, 5, level, Split.TRAIN), t.name() + " level " + level);
                assertNotEquals(a, t.generate(43, 5, level, Split.TRAIN), t.name() + " level " + level);
                assertEquals(5, a.stream().map(TaskInstance::key).distinct().count());
                for (TaskInstance i : a) {
                    assertEquals(level, i.level());
                    assertEquals(Split.TRAIN, i.split());
                    assertTrue(t.verify(i, i.groundTruth()).correct(), t.name() + " ground truth verifies: " + i);
                }
            }
        }
    }

    @Test
    void trainAndHeldoutNeverOverlap() {
        for (Task t : List.of(TASKS.get(1), TASKS.get(2))) {
            Set<String> train = new HashSet<>();
            Set<String> heldout = new HashSet<>();
            for (long seed = 0; seed < 3; seed++) {
                t.generate(seed, 100, 1, Split.TRAIN).forEach(i -> train.add(i.key()));
                t.generate(seed, 30, 1, Split.HELDOUT).forEach(i -> heldout.add(i.key()));
            }
            assertTrue(train.size() > 200 && heldout.size() > 60, t.name());
            Set<String> both = new HashSet<>(train);
            both.retainAll(heldout);
            assertEquals(Set.of(), both, t.name());
            heldout.forEach(k -> assertEquals(Split.HELDOUT, Split.ofKey(k)));
        }
        KbSearchTask kb = (KbSearchTask) TASKS.get(0);
        Set<String> train = kb.generate(1, 60, 2, Split.TRAIN).stream().map(TaskInstance::prompt).collect(Collectors.toSet());
        Set<String> held = kb.generate(1, 20, 2, Split.HELDOUT).stream().map(TaskInstance::prompt).collect(Collectors.toSet());
        train.retainAll(held);
        assertEquals(Set.of(), train);
    }

    @Test
    void splitHashHoldsOutAboutATenth() {
        int held = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Split.ofKey("key " + i) == Split.HELDOUT) {
                held++;
            }
        }
        assertTrue(held > 800 && held < 1200, "held out " + held);
    }

    @Test
    void levelsScaleDifficulty() {
        for (int level = 1; level <= 5; level++) {
            String expr = TASKS.get(1).generate(7, 1, level, Split.TRAIN).get(0).attribute("expression");
            assertEquals(level + 1, expr.split(" ")[0].length() == level + 1 || expr.contains("/")
                    ? level + 1 : -1, expr);
        }
        for (int level = 1; level <= 4; level++) {
            String numbers = TASKS.get(2).generate(7, 1, level, Split.TRAIN).get(0).attribute("numbers");
            assertEquals(level + 2, numbers.split(",").length);
        }
        KbSearchTask kb = (KbSearchTask) TASKS.get(0);
        assertEquals(Set.of("1"), hops(kb, 1));
        assertEquals(Set.of("2"), hops(kb, 2));
        assertEquals(Set.of("3"), hops(kb, 3));
        for (TaskInstance i : kb.generate(5, 10, 4, Split.TRAIN)) {
            // The pasted question misses the first document: the first query must be reformulated.
            String start = i.attribute("chain").split("\\|")[0];
            assertTrue(kb.index().search(i.attribute("question"), 3).stream().noneMatch(d -> d.title().equals(start)));
            assertTrue(kb.index().search(start, 3).get(0).title().equals(start));
            assertEquals(Integer.parseInt(i.attribute("hops")) + 1, Integer.parseInt(i.attribute("max_searches")));
        }
    }

    private static Set<String> hops(KbSearchTask kb, int level) {
        return kb.generate(3, 10, level, Split.TRAIN).stream().map(i -> i.attribute("hops")).collect(Collectors.toSet());
    }
}
