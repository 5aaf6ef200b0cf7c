package dev.rwb.engine.env.kb;

import java.util.List;
import java.util.Map;

import static dev.rwb.engine.env.kb.Relation.BASED_IN;
import static dev.rwb.engine.env.kb.Relation.BORN_IN;
import static dev.rwb.engine.env.kb.Relation.FOUNDED_BY;
import static dev.rwb.engine.env.kb.Relation.IN_COUNTRY;
import static dev.rwb.engine.env.kb.Relation.MARRIED_TO;
import static dev.rwb.engine.env.kb.Relation.WORKS_FOR;

/**
 * Natural-language questions for relation paths of 1–3 hops; {@code {X}} is the start entity.
 * One-hop paths have two phrasings each: there are few one-hop facts, and the second phrasing
 * doubles the distinct level-1 questions (hundreds held out) without new entities.
 */
final class QuestionTemplates {
    static final Map<List<Relation>, List<String>> BY_PATH = Map.ofEntries(
            Map.entry(List.of(BORN_IN), List.of("Where was {X} born?", "In which city was {X} born?")),
            Map.entry(List.of(WORKS_FOR),
                    List.of("Which organisation does {X} work for?", "Who is the employer of {X}?")),
            Map.entry(List.of(MARRIED_TO), List.of("Who is {X} married to?", "Who is the spouse of {X}?")),
            Map.entry(List.of(FOUNDED_BY), List.of("Who founded {X}?", "Who is the founder of {X}?")),
            Map.entry(List.of(BASED_IN), List.of("In which city is {X} based?", "Where is {X} based?")),
            Map.entry(List.of(IN_COUNTRY), List.of("In which country is {X}?", "Which country is {X} in?")),
            Map.entry(List.of(BORN_IN, IN_COUNTRY), List.of("In which country was {X} born?")),
            Map.entry(List.of(WORKS_FOR, BASED_IN), List.of("In which city is the employer of {X} based?")),
            Map.entry(List.of(WORKS_FOR, FOUNDED_BY), List.of("Who founded the organisation that {X} works for?")),
            Map.entry(List.of(MARRIED_TO, BORN_IN), List.of("Where was the spouse of {X} born?")),
            Map.entry(List.of(MARRIED_TO, WORKS_FOR), List.of("Which organisation does the spouse of {X} work for?")),
            Map.entry(List.of(FOUNDED_BY, BORN_IN), List.of("Where was the founder of {X} born?")),
            Map.entry(List.of(BASED_IN, IN_COUNTRY), List.of("In which country is {X} based?")),
            Map.entry(List.of(FOUNDED_BY, BORN_IN, IN_COUNTRY),
                    List.of("In which country was the founder of {X} born?")),
            Map.entry(List.of(WORKS_FOR, BASED_IN, IN_COUNTRY),
                    List.of("In which country is the employer of {X} based?")),
            Map.entry(List.of(MARRIED_TO, BORN_IN, IN_COUNTRY),
                    List.of("In which country was the spouse of {X} born?")),
            Map.entry(List.of(WORKS_FOR, FOUNDED_BY, BORN_IN),
                    List.of("Where was the founder of the organisation that {X} works for born?")),
            Map.entry(List.of(MARRIED_TO, WORKS_FOR, BASED_IN),
                    List.of("In which city is the employer of the spouse of {X} based?")),
            Map.entry(List.of(MARRIED_TO, WORKS_FOR, FOUNDED_BY),
                    List.of("Who founded the organisation that the spouse of {X} works for?")),
            Map.entry(List.of(WORKS_FOR, FOUNDED_BY, MARRIED_TO),
                    List.of("Who is the spouse of the founder of the organisation that {X} works for?")));

    private QuestionTemplates() {
    }

    /** Whether a path starts at a person (the only start that has namesakes for distractor preambles). */
    static boolean startsAtPerson(List<Relation> path) {
        Relation r = path.get(0);
        return r == BORN_IN || r == WORKS_FOR || r == MARRIED_TO;
    }

    static boolean startsAtOrganisation(List<Relation> path) {
        Relation r = path.get(0);
        return r == FOUNDED_BY || r == BASED_IN;
    }
}
