package dev.rwb.engine.model;

import ai.djl.Device;

import java.util.List;
import java.util.Random;

/** Small models and token sequences shared by the model tests. */
final class TestModels {
    static final TaskTokenizer TOKENIZER = TaskTokenizer.fromCorpus(
            List.of("the answer is <answer>42</answer> and the search <search>capital of France</search>"), 1);

    static {
        // one intra-op thread: the test machines are shared, and libtorch's OpenMP workers spin
        // (10-100x slower) when the cores are oversubscribed
        ComputeDevice.configureThreads(1);
    }

    private TestModels() {
    }

    static GptConfig.Builder tinyConfig() {
        return GptConfig.builder().vocabSize(TOKENIZER.vocabSize()).contextLength(64)
                .dModel(32).heads(4).layers(2).seed(7);
    }

    static GptPolicy policy(GptConfig config) {
        return GptPolicy.create(config, TOKENIZER, Device.cpu());
    }

    static int[] randomTokens(Random random, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 3 + random.nextInt(TOKENIZER.vocabSize() - 3);
        }
        return ids;
    }
}
