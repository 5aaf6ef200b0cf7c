package dev.rwb.engine.simulate;

import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.kb.KbSearchTask;
import dev.rwb.engine.env.kb.Person;
import dev.rwb.engine.env.kb.SearchTool;
import dev.rwb.engine.model.TaskTokenizer;

import java.util.List;
import java.util.Random;

/**
 * A very long kb-search episode for benchmarks: a correct episode whose policy keeps searching
 * the real index (people of the world, four documents per search) until it has written about the
 * requested number of tokens, and only then gives its final thought and answer.
 */
final class LongEpisode {
    static final int PROBLEM = 2;
    private static final int TOP_K = 4;
    private static final String[] THOUGHTS = {" The documents are consistent so far.",
            " I want one more source before answering.", " This mentions a different person.",
            " Let me look at the company again.", " I will compare the cities."};

    private final SimulatedTask kb;
    private final TaskTokenizer tokenizer;
    private final Random rnd;

    LongEpisode(SimulatedTask kb, TaskTokenizer tokenizer, Random rnd) {
        if (!(kb.task() instanceof KbSearchTask)) {
            throw new IllegalArgumentException("a long episode searches the knowledge base, not " + kb.name());
        }
        this.kb = kb;
        this.tokenizer = tokenizer;
        this.rnd = rnd;
    }

    EpisodeText write(int targetTokens) {
        List<EpisodeText.Piece> correct = kb.write(PROBLEM, Outcome.CORRECT, 2, rnd).pieces();
        // the last three pieces are the final thought, the answer and <eos>
        int tail = correct.size() - 3;
        EpisodeText e = new EpisodeText();
        int tokens = 0;
        for (int i = 0; i < tail; i++) {
            e.append(correct.get(i));
            tokens += tokenizer.encode(correct.get(i).text()).length;
        }
        KbSearchTask task = (KbSearchTask) kb.task();
        List<Person> people = task.world().people();
        // the instance's own tool would stop after a few searches; this policy has no search limit
        Tool search = new SearchTool(task.index(), TOP_K, Integer.MAX_VALUE);
        while (tokens < targetTokens - 40) {
            String thought = THOUGHTS[rnd.nextInt(THOUGHTS.length)] + THOUGHTS[rnd.nextInt(THOUGHTS.length)];
            String query = " " + people.get(rnd.nextInt(people.size())).name();
            String observation = search.call(query).text();
            e.think(thought, Tone.DECISION).call(search.name(), query, Tone.DECISION).observation(observation);
            tokens += tokenizer.encode("<think>" + thought + "</think><search>" + query + "</search>" + observation).length;
        }
        for (int i = tail; i < correct.size(); i++) {
            e.append(correct.get(i));
        }
        return e;
    }
}
