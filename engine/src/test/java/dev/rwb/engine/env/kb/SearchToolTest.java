package dev.rwb.engine.env.kb;

import dev.rwb.engine.env.Observation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchToolTest {
    private static final KbSearchTask TASK = new KbSearchTask();

    @Test
    void fullNameRanksItsDocumentFirstAmongNamesakes() {
        Person p = TASK.world().people().get(5);
        assertFalse(TASK.world().namesakes(p).isEmpty(), "the world should contain namesakes");
        List<KbDocument> hits = TASK.index().search(p.name(), 3);
        assertEquals(3, hits.size());
        assertEquals(p.name(), hits.get(0).title());
    }

    @Test
    void returnsTopKAsInformationAndEnforcesTheBudget() {
        SearchTool tool = new SearchTool(TASK.index(), 3, 2);
        City c = TASK.world().cities().get(0);
        Observation first = tool.call(c.name());
        assertFalse(first.error());
        assertTrue(first.text().startsWith("<information>[1] " + c.name() + ": "), first.text());
        assertTrue(first.text().contains("[3] ") && !first.text().contains("[4] "));
        assertTrue(first.text().endsWith("</information>"));
        assertFalse(tool.call("Orbis").error());
        Observation third = tool.call(c.name());
        assertTrue(third.error());
        assertEquals("<information>error: search limit of 2 reached, answer now</information>", third.text());
    }

    @Test
    void malformedQueriesAreErrorsAndDoNotUseTheBudget() {
        SearchTool tool = new SearchTool(TASK.index(), 3, 1);
        for (String q : List.of("", "   ", "!!!", "the of in", "x".repeat(200), "a b c d e f g h i j k l m n o p q r s")) {
            assertTrue(tool.call(q).error(), "query '" + q + "'");
        }
        assertFalse(tool.call(TASK.world().cities().get(1).name()).error());
    }

    @Test
    void worldHasLookAlikeCitiesAndSharedNames() {
        World w = TASK.world();
        assertTrue(w.cities().stream().anyMatch(c -> c.name().startsWith("Port ")));
        long sharedFirst = w.people().stream().filter(p -> w.namesakes(p).stream()
                .anyMatch(q -> q.first().equals(p.first()))).count();
        long sharedLast = w.people().stream().filter(p -> w.namesakes(p).stream()
                .anyMatch(q -> q.last().equals(p.last()))).count();
        assertTrue(sharedFirst > w.people().size() / 2 && sharedLast > w.people().size() / 2);
        for (Person p : w.people()) {
            assertEquals(p.name(), w.person(p.spouse()).spouse(), "marriage is symmetric");
        }
    }
}
