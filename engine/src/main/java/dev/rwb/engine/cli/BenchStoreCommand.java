package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code rwb bench store}: writes many synthetic trajectories into a fresh DB and reports the
 * insert rate, the median latency of typical filter queries and the time to load a long trajectory.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Benchmark the SQLite store: inserts, filter queries, loading a 32k-token trajectory.")
public final class BenchStoreCommand implements Callable<Integer> {
    private static final String[] TASKS = {"kb-search", "arithmetic", "countdown"};
    /** A 2,000-word pseudo vocabulary, so the text index sees realistic (not 16-word) text. */
    private static final String[] WORDS = pseudoWords(2000);

    @Option(names = "--trajectories", defaultValue = "100000", description = "Number of trajectories (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--tokens", defaultValue = "200", description = "Tokens per trajectory (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--long-tokens", defaultValue = "32768", description = "Tokens of the long trajectory (default ${DEFAULT-VALUE}).")
    int longTokens;

    @Option(names = "--repeats", defaultValue = "15", description = "Repetitions per query (median reported).")
    int repeats;

    @Option(names = "--db", description = "DB file to write (default: a temporary file, deleted afterwards).")
    Path db;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path dir = null;
        Path file = db;
        if (file == null) {
            dir = Files.createTempDirectory("rwb-bench-store");
            file = dir.resolve("bench.db");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Random rng = new Random(1);
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            long t0 = System.nanoTime();
            int batch = 2000;
            for (int start = 0; start < count; start += batch) {
                List<Trajectory> ts = new ArrayList<>(batch);
                for (int i = start; i < Math.min(count, start + batch); i++) {
                    ts.add(synthetic(rng, "bench-" + (i % 4), i / 400, i, tokens));
                }
                store.insertAll(ts);
            }
            double insertS = (System.nanoTime() - t0) / 1e9;
            result.put("trajectories", count);
            result.put("tokens_per_trajectory", tokens);
            result.put("insert_trajectories_per_s", count / insertS);
            result.put("db_mb", Files.size(file) / 1e6);

            Map<String, Double> queries = new LinkedHashMap<>();
            queries.put("run_and_step_range", median(() -> store.query(TrajectoryQuery.builder().run("bench-1")
                    .stepRange(100, 140).build())));
            queries.put("task_correct_reward_sorted", median(() -> store.query(TrajectoryQuery.builder()
                    .task("countdown").correct(true).rewardRange(0.5, null)
                    .sort(TrajectoryQuery.SortField.REWARD, false).build())));
            queries.put("finish_reason_tool_calls", median(() -> store.query(TrajectoryQuery.builder()
                    .finishReason(FinishReason.LENGTH).toolCallRange(2, 3).build())));
            queries.put("all_sorted_by_length_page_500", median(() -> store.query(TrajectoryQuery.builder()
                    .sort(TrajectoryQuery.SortField.LENGTH, false).page(500, 100).build())));
            // A word of middling frequency, as when searching for an entity's name.
            TrajectoryQuery textQuery = TrajectoryQuery.builder().textContains(rareWord()).build();
            queries.put("text_contains", median(() -> store.query(textQuery)));
            result.put("text_contains_matches", store.query(textQuery).total());
            result.put("text_contains_term", rareWord());
            result.put("filter_query_median_ms", queries);
            double[] sorted = queries.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            result.put("filter_query_median_of_medians_ms", sorted[sorted.length / 2]);
            result.put("filter_query_max_median_ms", sorted[sorted.length - 1]);

            long longId = store.insert(synthetic(rng, "bench-long", 0, 0, longTokens));
            result.put("long_trajectory_tokens", longTokens);
            result.put("load_long_trajectory_median_ms", median(() -> store.load(longId)));
        } finally {
            if (dir != null) {
                for (String suffix : new String[]{"", "-wal", "-shm"}) {
                    Files.deleteIfExists(dir.resolve("bench.db" + suffix));
                }
                Files.deleteIfExists(dir);
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.valueToTree(result);
        System.out.println(json ? mapper.writeValueAsString(node) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        return 0;
    }

    private double median(Supplier<?> work) {
        work.get();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /** A long word from the rare tail of the vocabulary: it occurs in a few percent of the trajectories. */
    private static String rareWord() {
        for (int i = WORDS.length * 9 / 10; i < WORDS.length; i++) {
            if (WORDS[i].strip().length() >= 7) {
                return WORDS[i].strip();
            }
        }
        return WORDS[WORDS.length - 1].strip();
    }

    private static String[] pseudoWords(int n) {
        String[] syllables = {"ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "qu", "is", "ber", "ne", "ul"};
        Random r = new Random(7);
        String[] words = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder w = new StringBuilder(" ");
            for (int k = 0, len = 1 + r.nextInt(3); k < len; k++) {
                w.append(syllables[r.nextInt(syllables.length)]);
            }
            words[i] = w.toString();
        }
        return words;
    }

    private static Trajectory synthetic(Random rng, String run, int step, int index, int n) {
        TokenArrays.Builder b = TokenArrays.builder();
        int prompt = Math.min(n / 5, 40);
        for (int i = 0; i < n; i++) {
            // Zipf-like draw: low indices are common, as in natural text.
            String word = WORDS[(int) (WORDS.length * Math.pow(rng.nextDouble(), 3))];
            if (i < prompt) {
                b.add(rng.nextInt(5000), word, Role.PROMPT, 0);
            } else {
                Role role = i % 50 < 10 ? Role.TOOL_RESPONSE : Role.REASONING;
                float lp = (float) -Math.abs(rng.nextGaussian());
                boolean model = role.isModelWritten();
                b.add(rng.nextInt(5000), word, role, i / 50, model ? 1f : 0f, model ? lp : Float.NaN,
                        model ? lp - 0.01f : Float.NaN, rng.nextFloat() * 3, 0.5f, model ? 0.01f : 0f, false);
            }
        }
        double reward = rng.nextInt(3) / 2.0;
        FinishReason[] reasons = FinishReason.values();
        return new Trajectory(0, run, step, "p" + index / 8, "g" + index / 8, index % 8, TASKS[index % 3], "7",
                "7", reward, Map.of("correctness", reward), reward > 0.6, reasons[rng.nextInt(4)], rng.nextInt(4),
                false, List.of(), b.build());
    }
}
