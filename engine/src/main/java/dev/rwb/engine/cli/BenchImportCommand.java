package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rwb bench import --mb 1000}: generates a Search-R1-like verl dump of the given size and
 * measures, side by side on that one dump, three figures (issue 15): our import with the fallback
 * tokenizer, our import with a real Hugging Face {@code tokenizer.json} (the Qwen3 one), and DuckDB
 * reading the same JSONL into a Parquet file, the "what a user would do instead" anchor. Each figure
 * runs in its own JVM with {@code -Xmx256m} (so finishing at all shows that import memory stays within
 * 256 MB) and reports source MB/s, output size / source size, peak and live heap, and its ratio to DuckDB.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Benchmark importing a generated verl dump: ours (fallback and real tokenizer) beside DuckDB "
                + "JSONL → Parquet; MB/s, size ratio, peak heap.")
public final class BenchImportCommand implements Callable<Integer> {
    static final List<String> FIGURES = List.of(ImportBenchFigure.FALLBACK, ImportBenchFigure.TOKENIZER,
            ImportBenchFigure.DUCKDB);

    @Option(names = "--mb", defaultValue = "200", description = "Size of the generated dump in MB (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a new temporary folder).")
    Path dir;

    @Option(names = "--tokenizer", paramLabel = "tokenizer.json",
            description = "The real tokenizer (default: $RWB_BENCH_TOKENIZER, else the Qwen3 one the test setup "
                    + "unpacks to engine/target/qwen3-tokenizer/).")
    Path tokenizer;

    @Option(names = "--figure", paramLabel = "NAME", split = ",",
            description = "Which figures: fallback, tokenizer, duckdb (default: all three).")
    List<String> figures;

    @Option(names = "--xmx", defaultValue = "256m", description = "Heap limit of each figure's JVM (default: ${DEFAULT-VALUE}).")
    String xmx;

    @Option(names = "--in-process", description = "Run the figures in this JVM (heap figures then mix).")
    boolean inProcess;

    @Option(names = "--dump", paramLabel = "DIR", description = "Use this verl dump instead of generating one.")
    Path dump;

    @Option(names = "--keep", description = "Keep the generated dump and outputs.")
    boolean keep;

    @Option(names = "--json", description = "Print the figures as JSON on stdout.")
    boolean json;

    @Option(names = "--no-store", description = "Only read and tokenise (no database), to separate parsing from storage.")
    boolean noStore;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("rwb-bench-import");
        Path source = dump;
        if (source == null) {
            source = Files.createDirectories(work.resolve("rollouts"));
            long bytes = VerlDumpGenerator.generate(source, (long) megabytes * 1_000_000L);
            System.err.printf(Locale.ROOT, "bench import: generated %.1f MB in %s%n", bytes / 1e6, source);
        }
        List<String> chosen = figures == null || figures.isEmpty() ? FIGURES : figures;
        Path tok = tokenizer != null ? tokenizer : defaultTokenizer();
        ObjectMapper m = new ObjectMapper();
        ArrayNode results = m.createArrayNode();
        try {
            for (String figure : chosen) {
                if (!FIGURES.contains(figure)) {
                    System.err.println("bench import: unknown figure '" + figure + "' (expected one of " + FIGURES + ")");
                    return 2;
                }
                if (figure.equals(ImportBenchFigure.TOKENIZER) && (tok == null || !Files.isRegularFile(tok))) {
                    System.err.println("bench import: no tokenizer.json for the '" + figure + "' figure: pass --tokenizer");
                    results.add(m.createObjectNode().put("figure", figure).put("skipped", "no tokenizer.json"));
                    continue;
                }
                Path out = Files.createDirectories(work.resolve("out-" + figure));
                ObjectNode r = inProcess
                        ? new ImportBenchFigure(figure, source, out, tok, noStore).run()
                        : child(figure, source, out, tok);
                results.add(r);
                if (!inProcess || dump == null) {
                    System.err.println("bench import: " + describe(r));
                }
            }
        } finally {
            if (!keep && dir == null) {
                deleteTree(work);
            }
        }
        addRatios(results);
        if (json) {
            System.out.println(results.size() == 1 ? results.get(0) : results);
        }
        if (results.size() > 1) {
            System.err.print(table(results));
        }
        return 0;
    }

    /** The Qwen3 tokenizer.json from $RWB_BENCH_TOKENIZER or the test setup's folder, if there. */
    private static Path defaultTokenizer() {
        String env = System.getenv("RWB_BENCH_TOKENIZER");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (Path p : List.of(Path.of("engine/target/qwen3-tokenizer/tokenizer.json"),
                Path.of("target/qwen3-tokenizer/tokenizer.json"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** One figure in a fresh JVM with the heap limit, so the figures neither share nor mix heaps. */
    private ObjectNode child(String figure, Path source, Path out, Path tok) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                Rwb.class.getName(), "bench", "import", "--dump", source.toString(), "--dir", out.toString(),
                "--figure", figure, "--json", "--in-process"));
        if (tok != null) {
            cmd.add("--tokenizer");
            cmd.add(tok.toString());
        }
        if (noStore) {
            cmd.add("--no-store");
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = p.waitFor();
        if (code != 0 || stdout.isEmpty()) {
            throw new IOException("the '" + figure + "' figure's JVM (-Xmx" + xmx + ") failed with exit code " + code);
        }
        ObjectNode r = (ObjectNode) new ObjectMapper().readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        r.put("xmx", xmx);
        return r;
    }

    /** Each figure's throughput as a multiple of DuckDB's (when DuckDB ran). */
    private static void addRatios(ArrayNode results) {
        double duck = Double.NaN;
        for (JsonNode r : results) {
            if (r.path("figure").asText().equals(ImportBenchFigure.DUCKDB) && r.has("mb_per_s")) {
                duck = r.get("mb_per_s").asDouble();
            }
        }
        if (Double.isFinite(duck) && duck > 0) {
            for (JsonNode r : results) {
                if (r.has("mb_per_s")) {
                    ((ObjectNode) r).put("ratio_to_duckdb", r.get("mb_per_s").asDouble() / duck);
                }
            }
        }
    }

    private static String describe(JsonNode r) {
        if (r.has("skipped")) {
            return r.get("figure").asText() + ": skipped (" + r.get("skipped").asText() + ")";
        }
        return String.format(Locale.ROOT, "%s: %.1f MB in %.1f s = %.2f MB/s; output %.0f MB (%.2f× source); "
                        + "peak heap %.0f MB (live %.0f MB)", r.get("figure").asText(), r.get("source_mb").asDouble(),
                r.get("seconds").asDouble(), r.get("mb_per_s").asDouble(), r.get("output_mb").asDouble(),
                r.get("size_ratio").asDouble(), r.get("peak_heap_mb").asDouble(), r.get("live_heap_mb").asDouble());
    }

    private static String table(JsonNode results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-10s %9s %9s %10s %12s %11s %11s%n",
                "figure", "MB/s", "seconds", "size×src", "peak heap", "live heap", "÷ DuckDB"));
        for (JsonNode r : results) {
            if (r.has("skipped")) {
                sb.append(String.format(Locale.ROOT, "%-10s skipped: %s%n", r.get("figure").asText(), r.get("skipped").asText()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-10s %9.2f %9.1f %10.2f %9.0f MB %8.0f MB %11s%n",
                    r.get("figure").asText(), r.get("mb_per_s").asDouble(), r.get("seconds").asDouble(),
                    r.get("size_ratio").asDouble(), r.get("peak_heap_mb").asDouble(), r.get("live_heap_mb").asDouble(),
                    r.has("ratio_to_duckdb") ? String.format(Locale.ROOT, "%.2f", r.get("ratio_to_duckdb").asDouble()) : "-"));
        }
        return sb.toString();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
