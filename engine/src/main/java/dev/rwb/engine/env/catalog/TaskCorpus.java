package dev.rwb.engine.env.catalog;

import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.kb.KbDocument;
import dev.rwb.engine.env.kb.KbSearchTask;
import dev.rwb.engine.model.TaskTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Sample texts of a task for building a {@link TaskTokenizer} vocabulary: prompts and noisy
 * oracle demonstrations of every level, plus the knowledge-base documents for kb-search (what
 * the search tool can return), so every word a rollout can contain has a whole-word token.
 */
public final class TaskCorpus {
    private TaskCorpus() {
    }

    public static List<String> texts(Task task, long seed, int perLevel) {
        List<String> texts = new ArrayList<>();
        java.util.Random rng = new java.util.Random(seed);
        for (int level = 1; level <= task.maxLevel(); level++) {
            // Train instances suffice: held-out questions use the same words (names, templates).
            for (TaskInstance instance : task.generate(seed, perLevel, level, Split.TRAIN)) {
                texts.add(instance.prompt());
                texts.addAll(task.oracle().demonstrate(instance, 0.5, rng));
            }
        }
        if (task instanceof KbSearchTask kb) {
            for (KbDocument d : kb.world().documents()) {
                texts.add(d.title() + ": " + d.text());
            }
            texts.add("error: no results search limit reached answer now empty query");
        }
        texts.add("error: division by zero overflow empty expression");
        return texts;
    }

    /** A tokenizer whose vocabulary covers the given tasks (words seen at least once). */
    public static TaskTokenizer tokenizer(List<Task> tasks, long seed, int perLevel) {
        List<String> texts = new ArrayList<>();
        for (Task t : tasks) {
            texts.addAll(texts(t, seed, perLevel));
        }
        return TaskTokenizer.fromCorpus(texts, 1);
    }
}
