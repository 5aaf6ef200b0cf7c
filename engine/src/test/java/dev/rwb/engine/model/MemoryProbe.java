package dev.rwb.engine.model;

import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Child-JVM workload of {@link MemoryFlatTest}: warm-up, then N training steps, then N sampling
 * calls (session, generate, append, generate, close); prints live NDArrays and RSS after each phase.
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        GptConfig config = TestModels.tinyConfig().dModel(16).heads(2).layers(1).contextLength(24).build();
        try (GptPolicy policy = TestModels.policy(config)) {
            SupervisedTrainer trainer = new SupervisedTrainer(policy, OptimizerSettings.adamW(1e-3f, 10, rounds), TrainingListener.NONE);
            Random random = new Random(0);
            Runnable trainStep = () -> {
                List<int[]> seqs = new ArrayList<>();
                List<float[]> weights = new ArrayList<>();
                for (int b = 0; b < 4; b++) {
                    seqs.add(TestModels.randomTokens(random, 6 + random.nextInt(6)));
                    float[] w = new float[seqs.get(b).length];
                    Arrays.fill(w, 1f);
                    weights.add(w);
                }
                trainer.step(seqs, weights);
            };
            boolean[] all = {true, true, true};
            Runnable sampleCall = () -> {
                List<int[]> prompts = List.of(TestModels.randomTokens(random, 3), TestModels.randomTokens(random, 5),
                        TestModels.randomTokens(random, 2));
                try (GenerationSession s = policy.start(prompts, SamplingParams.of(1f, random.nextLong()))) {
                    s.generate(all, 3, Set.of());
                    s.append(1, new int[] {4, 5});
                    s.generate(all, 3, Set.of());
                }
            };
            // warm-up: Adam moments get allocated, the JIT settles and libtorch's allocator reaches its
            // working set (measured: RSS rises for ~500 steps, then stays within a few MB up to 3000)
            for (int i = 0; i < 600; i++) {
                trainStep.run();
                if (i % 3 == 0) {
                    sampleCall.run();
                }
            }
            int a0 = liveArrays(policy.manager());
            long r0 = rssKb();
            for (int i = 0; i < rounds; i++) {
                trainStep.run();
                if (System.getenv("PROBE_TRACE") != null && i % 250 == 0) {
                    System.out.println("trace train " + i + " rss " + rssKb0());
                }
            }
            int a1 = liveArrays(policy.manager());
            long r1 = rssKb();
            for (int i = 0; i < rounds; i++) {
                sampleCall.run();
            }
            int a2 = liveArrays(policy.manager());
            long r2 = rssKb();
            System.out.printf("arrays %d %d %d rss %d %d %d%n", a0, a1, a2, r0, r1, r2);
        }
    }

    /** Arrays held by the policy's manager and all its sub-managers. */
    private static int liveArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    private static long rssKb0() {
        try {
            return rssKb();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
