package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.simulate.BenchCorpus;
import dev.rwb.engine.store.EncodedTrajectory;
import dev.rwb.engine.store.StopGrams;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectoryQuery.SortField;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * {@code rwb bench store}: writes N synthetic multi-turn rollouts ({@link BenchCorpus}: 200–2,000
 * tokens, English-like text with a word planted in 10 % of rows and a rare one) into a fresh DB,
 * then times what the inspector's table does, through the same store calls: a page of 200 rows
 * ({@link WorkbenchStore#rows}) for each structured filter and each sort, a text search for the
 * common and the rare word, the capped and exact background counts ({@link WorkbenchStore#count}),
 * and opening a 32k-token trajectory. Medians of {@code --repeats}; the DB size and the load average
 * are reported with them, since the machine may be shared.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Benchmark the SQLite store at scale: filters, sorts, text search, counts, a 32k-token open.")
public final class BenchStoreCommand implements Callable<Integer> {
    private static final int PAGE = 200;

    @Option(names = "--trajectories", defaultValue = "100000", description = "Number of trajectories (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--min-tokens", defaultValue = "200", description = "Shortest trajectory (default ${DEFAULT-VALUE}).")
    int minTokens;

    @Option(names = "--max-tokens", defaultValue = "2000", description = "Longest trajectory (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--long-tokens", defaultValue = "32768", description = "Tokens of the long trajectory (default ${DEFAULT-VALUE}).")
    int longTokens;

    @Option(names = "--repeats", defaultValue = "15", description = "Repetitions per query (median reported).")
    int repeats;

    @Option(names = "--db", description = "DB file to write, kept afterwards (default: a temporary file, deleted).")
    Path db;

    @Option(names = "--reuse", description = "Measure an existing --db as it is instead of building one.")
    boolean reuse;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (minTokens < 40 || maxTokens < minTokens) {
            throw new IllegalArgumentException("need 40 ≤ --min-tokens ≤ --max-tokens, got " + minTokens + ", " + maxTokens);
        }
        Path dir = null;
        Path file = db;
        if (file == null) {
            if (reuse) {
                throw new IllegalArgumentException("--reuse needs --db");
            }
            dir = Files.createTempDirectory("rwb-bench-store");
            file = dir.resolve("bench.db");
        } else if (!reuse && Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists; delete it or pass --reuse to measure it");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("load_average_start", loadAverage());
        long opening = System.nanoTime();
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            // with --reuse, opening runs the migrations a DB of an older schema needs (the first_call_ms figures are
            // then warm: the migration read the pages)
            result.put("open_s", (System.nanoTime() - opening) / 1e9);
            if (!reuse) {
                build(store, result);
            }
            long stored = store.count(TrajectoryQuery.all(), Long.MAX_VALUE);
            result.put("trajectories", stored);
            // with --reuse the DB may hold another number than --trajectories (a build stopped early)
            measure(store, result, (int) Math.min(Integer.MAX_VALUE, stored));
            result.put("wal_mb_while_open", size(file.resolveSibling(file.getFileName() + "-wal")) / 1e6);
        }
        try {
            // closing the last connection checkpoints the WAL into the file and removes it: the size a user copies
            result.put("db_mb", (size(file) + size(file.resolveSibling(file.getFileName() + "-wal"))) / 1e6);
        } finally {
            if (dir != null) {
                for (String suffix : new String[]{"", "-wal", "-shm"}) {
                    Files.deleteIfExists(dir.resolve("bench.db" + suffix));
                }
                Files.deleteIfExists(dir);
            }
        }
        result.put("load_average_end", loadAverage());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.valueToTree(result);
        System.out.println(json ? mapper.writeValueAsString(node) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        return 0;
    }

    /** Trajectories generated and encoded per hand-over to the writer, and per committed transaction. */
    private static final int BATCH = 2_000;

    /**
     * Writes the corpus as an import's chunks are written ({@link EncodedTrajectory}, one writer
     * thread, {@link WorkbenchStore#insertEncoded} in transactions of {@value #BATCH}), committed as
     * it goes so that a build stopped early leaves a DB that {@code --reuse} can measure.
     * Generating and encoding batch k+1 (the CPU-heavy half) runs on the other cores while batch k is
     * inserted.
     */
    private void build(WorkbenchStore store, Map<String, Object> result) throws Exception {
        BenchCorpus corpus = new BenchCorpus(1);
        SplittableRandom lengths = new SplittableRandom(2);
        ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-store-encoder");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        long tokensWritten = 0;
        int reported = 0;
        try {
            Future<EncodedBatch> next = encoder.submit(encode(corpus, lengths, 0, store));
            for (int start = 0; start < count; start += BATCH) {
                EncodedBatch batch = next.get();
                if (start + BATCH < count) {
                    next = encoder.submit(encode(corpus, lengths, start + BATCH, store));
                }
                store.insertEncoded(batch.trajectories());
                tokensWritten += batch.tokens();
                int done = Math.min(count, start + BATCH);
                int percent = (int) (100L * done / count);
                if (percent > reported) {
                    reported = percent;
                    System.err.printf("bench store: %d%% (%d trajectories, %.0f s, load %s)%n", percent, done,
                            (System.nanoTime() - t0) / 1e9, loadAverage());
                }
            }
        } finally {
            encoder.shutdownNow();
        }
        double insertS = (System.nanoTime() - t0) / 1e9;
        result.put("tokens", tokensWritten);
        result.put("mean_tokens_per_trajectory", tokensWritten / (double) Math.max(1, count));
        result.put("insert_s", insertS);
        result.put("insert_trajectories_per_s", count / insertS);
        result.put("load_average_after_build", loadAverage());
    }

    private record EncodedBatch(List<EncodedTrajectory> trajectories, long tokens) {
    }

    /**
     * The batch starting at {@code start}, generated and encoded in parallel (the common pool and
     * the calling thread). The lengths are drawn here, in order, so the corpus does not depend on
     * the threads.
     */
    private Callable<EncodedBatch> encode(BenchCorpus corpus, SplittableRandom lengths, int start, WorkbenchStore store) {
        int size = Math.min(BATCH, count - start);
        int[] tokens = new int[size];
        for (int j = 0; j < size; j++) {
            tokens[j] = minTokens + lengths.nextInt(maxTokens - minTokens + 1);
        }
        return () -> {
            // the text index's stop grams as the store has them now (decided by the first batch written)
            StopGrams stop = store.stopGrams();
            Trajectory[] ts = new Trajectory[size];
            EncodedTrajectory[] es = new EncodedTrajectory[size];
            IntStream.range(0, size).parallel().forEach(j -> {
                ts[j] = corpus.trajectory(start + j, tokens[j]);
                es[j] = EncodedTrajectory.of(ts[j], ts[j].tokens().text(), stop);
            });
            long n = 0;
            for (Trajectory t : ts) {
                n += t.tokens().length();
            }
            return new EncodedBatch(List.of(es), n);
        };
    }

    private void measure(WorkbenchStore store, Map<String, Object> result, int stored) {
        int lastStep = Math.max(0, (int) ((stored - 1L) / BenchCorpus.RUNS / BenchCorpus.PER_STEP));
        Map<String, TrajectoryQuery.Builder> filters = new LinkedHashMap<>();
        filters.put("run", TrajectoryQuery.builder().run("bench-1"));
        filters.put("run_and_step_range", TrajectoryQuery.builder().run("bench-1")
                .stepRange(lastStep / 2, lastStep / 2 + Math.max(1, lastStep / 10)));
        filters.put("task", TrajectoryQuery.builder().task("countdown"));
        filters.put("task_correct_reward_by_reward", TrajectoryQuery.builder().task("countdown").correct(true)
                .rewardRange(0.5, null).sort(SortField.REWARD, false));
        filters.put("reward_range", TrajectoryQuery.builder().rewardRange(0.05, 0.5));
        filters.put("finish_reason_and_tool_calls", TrajectoryQuery.builder().finishReason(FinishReason.LENGTH)
                .toolCallRange(2, 3));
        filters.put("many_tool_calls", TrajectoryQuery.builder().toolCallRange(8, null));
        for (SortField f : SortField.values()) {
            filters.put("all_sorted_by_" + f.name().toLowerCase() + "_desc", TrajectoryQuery.builder().sort(f, false));
        }
        // page 51 (offset 10,000) is as deep as clicking "next" goes in practice; the middle page shows what
        // OFFSET costs (SQLite steps over the skipped rows)
        filters.put("all_sorted_by_length_desc_page_51", TrajectoryQuery.builder().sort(SortField.LENGTH, false)
                .page(Math.min(10_000, stored / 2), PAGE));
        filters.put("all_sorted_by_length_desc_middle_page", TrajectoryQuery.builder().sort(SortField.LENGTH, false)
                .page(stored / 2, PAGE));
        Map<String, Double> pages = new LinkedHashMap<>();
        for (Map.Entry<String, TrajectoryQuery.Builder> e : filters.entrySet()) {
            TrajectoryQuery q = withPage(e.getValue());
            measuring = "page_" + e.getKey();
            pages.put(e.getKey(), median(() -> store.rows(q)));
        }
        // the same deep pages as the table reads them when paging from the one before: by seeking from its last row
        Map<String, Integer> deep = new LinkedHashMap<>();
        deep.put("page_51", Math.min(10_000, stored / 2));
        deep.put("middle_page", stored / 2);
        for (SortField f : new SortField[]{SortField.LENGTH, SortField.REWARD, SortField.ID}) {
            for (Map.Entry<String, Integer> d : deep.entrySet()) {
                TrajectoryQuery.Builder b = TrajectoryQuery.builder().sort(f, false);
                var before = store.rows(b.page(d.getValue() - 1, 1).build()).rows();
                if (before.isEmpty()) {
                    continue;
                }
                TrajectoryQuery q = b.pageAfter(before.get(0), PAGE).build();
                measuring = "page_all_sorted_by_" + f.name().toLowerCase() + "_desc_" + d.getKey() + "_by_seek";
                pages.put("all_sorted_by_" + f.name().toLowerCase() + "_desc_" + d.getKey() + "_by_seek",
                        median(() -> store.rows(q)));
            }
        }
        result.put("page_of_200_median_ms", pages);
        double[] sorted = pages.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        result.put("page_median_of_medians_ms", sorted[sorted.length / 2]);
        result.put("page_max_median_ms", sorted[sorted.length - 1]);

        Map<String, Object> text = new LinkedHashMap<>();
        for (String word : new String[]{BenchCorpus.COMMON_WORD, BenchCorpus.RARE_WORD}) {
            TrajectoryQuery q = TrajectoryQuery.builder().textContains(word).page(0, PAGE).build();
            Map<String, Object> w = new LinkedHashMap<>();
            measuring = word + "_page";
            w.put("page_ms", median(() -> store.rows(q)));
            TrajectoryQuery byReward = TrajectoryQuery.builder().textContains(word).sort(SortField.REWARD, false)
                    .page(0, PAGE).build();
            measuring = word + "_page_by_reward";
            w.put("page_by_reward_desc_ms", median(() -> store.rows(byReward)));
            measuring = word + "_count_up_to_10000";
            w.put("count_up_to_10000_ms", median(() -> store.count(q, 10_000)));
            measuring = word + "_exact_count";
            w.put("exact_count_ms", median(() -> store.count(q, Long.MAX_VALUE)));
            w.put("matches", store.count(q, Long.MAX_VALUE));
            text.put(word, w);
        }
        result.put("text_contains", text);
        Map<String, Double> counts = new LinkedHashMap<>();
        measuring = "count_all_exact";
        counts.put("all_exact", median(() -> store.count(TrajectoryQuery.all(), Long.MAX_VALUE)));
        measuring = "count_all_up_to_10000";
        counts.put("all_up_to_10000", median(() -> store.count(TrajectoryQuery.all(), 10_000)));
        measuring = "count_task_exact";
        counts.put("task_exact", median(() -> store.count(filters.get("task").build(), Long.MAX_VALUE)));
        // what the table counts first after a filter change: up to 10,000 (it shows "≥ 10,000" until the exact count)
        for (String f : new String[]{"reward_range", "finish_reason_and_tool_calls", "many_tool_calls"}) {
            measuring = "count_" + f + "_up_to_10000";
            counts.put(f + "_up_to_10000", median(() -> store.count(filters.get(f).build(), 10_000)));
        }
        result.put("background_count_median_ms", counts);

        // what opening the inspector reads besides the first page: the run list (with per-run counts) and the tasks
        Map<String, Double> open = new LinkedHashMap<>();
        measuring = "list_runs";
        open.put("list_runs", median(store::listRuns));
        measuring = "tasks";
        open.put("tasks", median(store::tasks));
        // what opening a trajectory reads besides its own row: its run's colour scale (one scale per run)
        measuring = "run_colour_scale";
        open.put("run_colour_scale", median(() -> store.signedRanges("bench-1")));
        result.put("inspector_open_median_ms", open);

        // a DB measured before (--reuse) already holds the long trajectory: open that one rather than add another
        var longest = store.rows(TrajectoryQuery.builder().sort(SortField.LENGTH, false).page(0, 1).build()).rows();
        long longId = !longest.isEmpty() && longest.get(0).length() == longTokens ? longest.get(0).id()
                : store.insert(new BenchCorpus(3).trajectory(7, longTokens));
        measuring = "open_long_trajectory";
        result.put("open_long_trajectory_median_ms", median(() -> store.load(longId)));
        result.put("long_trajectory_tokens", store.load(longId).tokens().length());
        // the CPU time of the same open on this thread: under load, the fairer figure (wall includes waiting for a core)
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] cpuMs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = cpu.getCurrentThreadCpuTime();
            store.load(longId);
            cpuMs[i] = (cpu.getCurrentThreadCpuTime() - t) / 1e6;
        }
        Arrays.sort(cpuMs);
        result.put("open_long_trajectory_cpu_median_ms", cpuMs[repeats / 2]);
        result.put("first_call_ms", firstCalls);
    }

    /**
     * Each measured call's first run, before the median's warm-up: after opening a DB whose pages
     * are not in the OS cache ({@code sync; echo 3 > /proc/sys/vm/drop_caches}), this is the cold
     * figure (later queries find pages that earlier ones read).
     */
    private final Map<String, Double> firstCalls = new LinkedHashMap<>();
    private String measuring = "?";

    private static TrajectoryQuery withPage(TrajectoryQuery.Builder b) {
        TrajectoryQuery q = b.build();
        return q.offset() > 0 ? q : b.page(0, PAGE).build();
    }

    private double median(Supplier<?> work) {
        long t0 = System.nanoTime();
        work.get();
        firstCalls.put(measuring, (System.nanoTime() - t0) / 1e6);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static long size(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
