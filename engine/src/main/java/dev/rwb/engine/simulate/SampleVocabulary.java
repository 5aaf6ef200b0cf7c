package dev.rwb.engine.simulate;

import dev.rwb.engine.model.TaskTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The samples' vocabulary: every word of the world's documents and of a warm-up corpus of
 * episodes (each outcome of each task on a dozen problems). Words outside it still encode, as
 * single characters, so every text decodes exactly.
 */
final class SampleVocabulary {
    private static final int WARM_PROBLEMS = 12;

    private SampleVocabulary() {
    }

    static TaskTokenizer tokenizer(SampleWorld world, List<SampleTask> tasks, long seed) {
        List<String> corpus = new ArrayList<>(world.documents());
        Random rnd = new Random(seed);
        for (SampleTask task : tasks) {
            for (int i = 0; i < WARM_PROBLEMS; i++) {
                for (Outcome o : Outcome.values()) {
                    if (o == Outcome.CORRECT || task.failureModes().contains(o)) {
                        corpus.add(task.write(i, o, 3, rnd).text());
                    }
                }
            }
        }
        return TaskTokenizer.fromCorpus(corpus, 2);
    }
}
