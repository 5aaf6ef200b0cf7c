package dev.rwb.engine.env.kb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds the misleading opening of a level-4/5 question: true sentences about {@code topK}
 * namesakes of the start person that all share the <em>same</em> name part with it (all the first
 * name, or all the last name), so that the question pasted whole as a query misses the start
 * person's document and the first query has to be reformulated.
 *
 * <p>Why it outranks by construction: each namesake's document matches every query term the start
 * person's document matches (the shared name part, the words every person document has) except
 * the start person's other name part, and it also matches its own other name part (in its title,
 * boosted), its birthplace and its employer, terms chosen to be absent from the start person's
 * document. So each of the {@code topK} namesakes scores several terms higher, and the start
 * person falls out of the top k. One BM25 search then checks the result, so a rare upset by
 * document-length normalisation is caught rather than assumed away.
 */
final class DistractorPreamble {
    private static final float SAFE_MARGIN = 1e-3f;
    private final World world;
    private final KbIndex index;

    DistractorPreamble(World world, KbIndex index) {
        this.world = world;
        this.index = index;
    }

    /** The question with its preamble, or null when the start person lacks enough namesakes or the check fails. */
    String prefix(Person target, String question, int topK, Random rng) {
        boolean shareFirst = rng.nextBoolean();
        List<Person> pool = new ArrayList<>(shareFirst ? world.sameFirstName(target) : world.sameLastName(target));
        Collections.shuffle(pool, rng);
        Set<String> targetTerms = new HashSet<>(index.terms(world.document(target.name()).text()));
        StringBuilder preamble = new StringBuilder();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < pool.size() && chosen.size() < topK; i++) {
            Person other = pool.get(i);
            String ownNamePart = shareFirst ? other.last() : other.first();
            List<String> discriminating = index.terms(ownNamePart + " " + other.bornIn() + " " + other.employer());
            if (discriminating.stream().anyMatch(targetTerms::contains)) {
                continue;
            }
            preamble.append(other.name()).append(" was born in ").append(other.bornIn())
                    .append(" and works for ").append(other.employer()).append(". ");
            chosen.add(other.name());
        }
        if (chosen.size() < topK) {
            return null;
        }
        String asked = preamble + question;
        return outranked(asked, target.name(), chosen) ? asked : null;
    }

    /**
     * Whether the pasted text leaves the target out of the top k. Scoring only the target and the
     * k namesakes is enough when all k namesakes score strictly higher (then k documents rank
     * above it); only a tie or an upset needs the full top-k search to decide.
     */
    private boolean outranked(String pasted, String title, List<String> namesakes) {
        Map<String, Float> scores = index.scores(pasted, concat(namesakes, title));
        // Scores summed in another order than the full search's may differ in the last float bits:
        // only a margin well above rounding counts as outranking without the full search.
        float target = scores.getOrDefault(title, 0f) * (1 + SAFE_MARGIN);
        if (namesakes.stream().allMatch(n -> scores.getOrDefault(n, 0f) > target)) {
            return true;
        }
        return index.search(pasted, namesakes.size()).stream().noneMatch(d -> d.title().equals(title));
    }

    private static List<String> concat(List<String> names, String name) {
        List<String> out = new ArrayList<>(names);
        out.add(name);
        return out;
    }
}
