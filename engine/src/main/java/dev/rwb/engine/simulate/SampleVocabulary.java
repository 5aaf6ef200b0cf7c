package dev.rwb.engine.simulate;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.catalog.TaskCorpus;
import dev.rwb.engine.model.TaskTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The samples' vocabulary: the tasks' own corpus ({@link TaskCorpus}: prompts, oracle
 * demonstrations, the knowledge-base documents) plus a warm-up corpus of simulated episodes (each
 * outcome of each task on a dozen problems), so the simulator's own sentences are whole words too.
 * Words outside it still encode, as single characters, so every text decodes exactly.
 */
final class SampleVocabulary {
    private static final int WARM_PROBLEMS = 12;
    private static final int CORPUS_PER_LEVEL = 4;

    private SampleVocabulary() {
    }

    static TaskTokenizer tokenizer(List<SimulatedTask> tasks, long seed) {
        List<String> corpus = new ArrayList<>();
        for (SimulatedTask task : tasks) {
            Task env = task.task();
            corpus.addAll(TaskCorpus.texts(env, seed, CORPUS_PER_LEVEL));
        }
        Random rnd = new Random(seed);
        for (SimulatedTask task : tasks) {
            for (int i = 0; i < WARM_PROBLEMS; i++) {
                for (Outcome o : Outcome.values()) {
                    if (o == Outcome.CORRECT || task.failureModes().contains(o)) {
                        corpus.add(task.write(i, o, 3, rnd).text());
                    }
                }
            }
        }
        return TaskTokenizer.fromCorpus(corpus, 1);
    }
}
