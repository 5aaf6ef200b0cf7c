package dev.rwb.engine.simulate;

import dev.rwb.engine.model.TaskTokenizer;

import java.util.List;
import java.util.Random;

/**
 * A very long kb-search episode for benchmarks: a correct episode whose policy keeps searching
 * (reading four documents per turn) until it has written about the requested number of tokens,
 * and only then gives its final thought and answer.
 */
final class LongEpisode {
    static final int PROBLEM = 2;
    private static final String[] THOUGHTS = {" The documents are consistent so far.",
            " I want one more source before answering.", " This mentions a different person.",
            " Let me look at the company again.", " I will compare the cities."};

    private final SampleTask task;
    private final List<String> documents;
    private final TaskTokenizer tokenizer;
    private final Random rnd;

    LongEpisode(SampleTask task, List<String> documents, TaskTokenizer tokenizer, Random rnd) {
        this.task = task;
        this.documents = documents;
        this.tokenizer = tokenizer;
        this.rnd = rnd;
    }

    EpisodeText write(int targetTokens) {
        List<EpisodeText.Piece> correct = task.write(PROBLEM, Outcome.CORRECT, 2, rnd).pieces();
        // the last three pieces are the final thought, the answer and <eos>
        int tail = correct.size() - 3;
        EpisodeText e = new EpisodeText();
        int tokens = 0;
        for (int i = 0; i < tail; i++) {
            e.append(correct.get(i));
            tokens += tokenizer.encode(correct.get(i).text()).length;
        }
        while (tokens < targetTokens - 40) {
            String thought = THOUGHTS[rnd.nextInt(THOUGHTS.length)] + THOUGHTS[rnd.nextInt(THOUGHTS.length)];
            String query = " " + task.groundTruth(PROBLEM) + " source " + (1 + rnd.nextInt(99));
            StringBuilder docs = new StringBuilder();
            for (int d = 1; d <= 4; d++) {
                docs.append(" Doc ").append(d).append(": ").append(documents.get(rnd.nextInt(documents.size())));
            }
            docs.append(' ');
            e.think(thought, Tone.DECISION).call("search", query, Tone.DECISION).observation("information", docs.toString());
            tokens += tokenizer.encode("<think>" + thought + "</think><search>" + query + "</search><information>"
                    + docs + "</information>").length;
        }
        for (int i = tail; i < correct.size(); i++) {
            e.append(correct.get(i));
        }
        return e;
    }
}
