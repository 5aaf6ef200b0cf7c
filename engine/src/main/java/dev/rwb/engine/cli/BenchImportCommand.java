package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportSummary;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rwb bench import --mb 1000}: generates a Search-R1-like verl dump of the given size, imports
 * it into a fresh DB and reports throughput (source MB/s, tokens/s) and the JVM's peak heap use, so
 * a run under a small {@code -Xmx} shows that import memory is bounded.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Benchmark importing a generated verl dump: MB/s and peak heap.")
public final class BenchImportCommand implements Callable<Integer> {
    private static final String[] WORDS = ("the of and founded city river company born married capital wrote "
            + "studied museum bridge station Acme Ada Bob Carol Delta Echo Zurich Oslo Lima Kyoto physics music "
            + "history search answer document title year population north south because therefore which").split(" ");

    @Option(names = "--mb", defaultValue = "200", description = "Size of the generated dump in MB (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a new temporary folder).")
    Path dir;

    @Option(names = "--tokenizer", paramLabel = "tokenizer.json", description = "Tokenize with this instead of the fallback.")
    Path tokenizer;

    @Option(names = "--keep", description = "Keep the generated dump and DB.")
    boolean keep;

    @Option(names = "--json", description = "Print the figures as JSON on stdout.")
    boolean json;

    @Option(names = "--no-store", description = "Only read and tokenise (no database), to separate parsing from storage.")
    boolean noStore;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("rwb-bench-import");
        Path dump = Files.createDirectories(work.resolve("rollouts"));
        long bytes = generate(dump, (long) megabytes * 1_000_000L);
        System.err.printf("bench import: generated %.1f MB in %s%n", bytes / 1e6, dump);
        Path db = work.resolve("bench.db");
        Files.deleteIfExists(db);
        System.gc();
        PeakHeap peak = new PeakHeap();
        ImportSummary s;
        HfTokenizer tok = tokenizer == null ? null : HfTokenizer.load(tokenizer);
        long cpuStart = processCpuNanos();
        try {
            s = noStore ? readOnly(dump, new ImportOptions("bench", tok)) : store(db, dump, new ImportOptions("bench", tok));
        } finally {
            if (tok != null) {
                tok.close();
            }
        }
        long peakBytes = peak.stop();
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        long dbBytes = Files.exists(db) ? Files.size(db) : 0;
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("source_mb", s.bytes() / 1e6);
        o.put("trajectories", s.trajectories());
        o.put("tokens", s.tokens());
        o.put("seconds", s.seconds());
        o.put("process_cpu_seconds", cpuSeconds);
        o.put("stored", !noStore);
        o.put("mb_per_s", s.megabytesPerSecond());
        o.put("tokens_per_s", s.tokens() / s.seconds());
        o.put("peak_heap_mb", peakBytes / 1e6);
        o.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
        o.put("db_mb", dbBytes / 1e6);
        if (json) {
            System.out.println(o);
        }
        System.err.printf("bench import: %d trajectories, %,d tokens, %.1f MB in %.1f s = %.2f MB/s, %.0f tokens/s; "
                        + "process CPU %.1f s; peak heap %.0f MB of %.0f MB max; DB %.0f MB%n", s.trajectories(), s.tokens(),
                s.bytes() / 1e6, s.seconds(), s.megabytesPerSecond(), s.tokens() / s.seconds(), cpuSeconds, peakBytes / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6, dbBytes / 1e6);
        if (!keep) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static ImportSummary store(Path db, Path dump, ImportOptions options) throws Exception {
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            return Importers.importInto(store, dump, ImportFormat.VERL, options);
        }
    }

    /** Reads and tokenises without storing: the importer's own cost. */
    private static ImportSummary readOnly(Path dump, ImportOptions options) throws Exception {
        long start = System.nanoTime();
        long[] counts = new long[2];
        java.util.Set<Integer> steps = new java.util.HashSet<>();
        Importers.forFormat(ImportFormat.VERL).read(dump, options, t -> {
            counts[0]++;
            counts[1] += t.tokens().length();
            steps.add(t.step());
        });
        return new ImportSummary(dump.toString(), ImportFormat.VERL, java.util.List.of("bench"), steps.size(),
                counts[0], counts[1], Importers.sizeOf(dump), (System.nanoTime() - start) / 1e9);
    }

    /** CPU time of this JVM (all threads, including SQLite's native work on them). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Writes step files of 64 prompts × 8 samples each until {@code target} bytes are written. */
    static long generate(Path dump, long target) throws java.io.IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        ObjectMapper m = new ObjectMapper();
        long written = 0;
        for (int step = 1; written < target; step++) {
            try (BufferedWriter w = Files.newBufferedWriter(dump.resolve(step + ".jsonl"), StandardCharsets.UTF_8)) {
                for (int p = 0; p < 64 && written < target; p++) {
                    String input = "Answer the question, searching with <search> query </search>. Question: "
                            + words(rnd, 12) + "?";
                    for (int g = 0; g < 8 && written < target; g++) {
                        StringBuilder out = new StringBuilder();
                        int hops = 1 + rnd.nextInt(3);
                        for (int h = 0; h < hops; h++) {
                            out.append("<think> ").append(words(rnd, 30 + rnd.nextInt(60))).append(" </think>")
                                    .append("<search> ").append(words(rnd, 5)).append(" </search>\n\n<information>");
                            for (int d = 1; d <= 3; d++) {
                                out.append("Doc ").append(d).append("(Title: \"").append(words(rnd, 2)).append("\") ")
                                        .append(words(rnd, 60)).append(' ');
                            }
                            out.append("</information>\n\n");
                        }
                        double score = rnd.nextInt(3) == 0 ? 1.0 : 0.0;
                        out.append("<think> ").append(words(rnd, 20)).append(" </think><answer> ")
                                .append(words(rnd, 2)).append(" </answer>");
                        ObjectNode o = m.createObjectNode();
                        o.put("input", input).put("output", out.toString()).put("gts", words(rnd, 2))
                                .put("score", score).put("step", step).put("acc", score);
                        String line = m.writeValueAsString(o);
                        w.write(line);
                        w.write('\n');
                        written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    }
                }
            }
        }
        return written;
    }

    private static String words(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** The highest heap use seen, from the heap pools' peak counters (reset at start). */
    private static final class PeakHeap {
        PeakHeap() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
        }

        long stop() {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    sum += p.getPeakUsage().getUsed();
                }
            }
            return sum;
        }
    }
}
