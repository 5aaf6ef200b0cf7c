package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportSummary;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * One figure of {@code rwb bench import}, in this JVM: our import of a verl dump into a fresh DB
 * (fallback tokenizer or a {@code tokenizer.json}), or DuckDB copying the same JSONL into Parquet.
 */
final class ImportBenchFigure {
    static final String FALLBACK = "fallback";
    static final String TOKENIZER = "tokenizer";
    static final String DUCKDB = "duckdb";

    private final String figure;
    private final Path dump;
    private final Path out;
    private final Path tokenizer;
    private final boolean noStore;

    ImportBenchFigure(String figure, Path dump, Path out, Path tokenizer, boolean noStore) {
        this.figure = figure;
        this.dump = dump;
        this.out = out;
        this.tokenizer = tokenizer;
        this.noStore = noStore;
    }

    ObjectNode run() throws Exception {
        long sourceBytes = Importers.sizeOf(dump);
        System.gc();
        ObjectNode o = new ObjectMapper().createObjectNode().put("figure", figure);
        long cpuStart = processCpuNanos();
        double seconds;
        long outputBytes;
        try (HeapSampler heap = new HeapSampler()) {
            long start = System.nanoTime();
            if (figure.equals(DUCKDB)) {
                outputBytes = duckdb();
            } else {
                ImportSummary s = ours(o);
                outputBytes = s == null ? 0 : s.bytes();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            o.put("peak_heap_mb", heap.peakMb());
            o.put("live_heap_mb", heap.liveMb());
        }
        o.put("source_mb", sourceBytes / 1e6);
        o.put("seconds", seconds);
        o.put("mb_per_s", sourceBytes / 1e6 / seconds);
        o.put("process_cpu_seconds", (processCpuNanos() - cpuStart) / 1e9);
        o.put("output_mb", outputBytes / 1e6);
        o.put("size_ratio", outputBytes / (double) sourceBytes);
        o.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        return o;
    }

    /** Our import; returns a summary whose {@code bytes} is the DB's size. */
    private ImportSummary ours(ObjectNode o) throws Exception {
        HfTokenizer tok = figure.equals(TOKENIZER) ? HfTokenizer.load(tokenizer) : null;
        try {
            ImportOptions options = new ImportOptions("bench", tok);
            if (noStore) {
                long[] counts = new long[2];
                Importers.forFormat(ImportFormat.VERL).read(dump, options, t -> {
                    counts[0]++;
                    counts[1] += t.tokens().length();
                });
                o.put("stored", false).put("trajectories", counts[0]).put("tokens", counts[1]);
                return null;
            }
            Path db = out.resolve("bench.db");
            Files.deleteIfExists(db);
            ImportSummary s;
            try (WorkbenchStore store = WorkbenchStore.open(db)) {
                s = Importers.importInto(store, dump, ImportFormat.VERL, options);
            }
            o.put("stored", true).put("trajectories", s.trajectories()).put("tokens", s.tokens())
                    .put("tokens_per_s", s.tokens() / s.seconds());
            return new ImportSummary(s.source(), s.format(), s.runs(), s.steps(), s.trajectories(), s.tokens(),
                    Files.size(db), s.seconds());
        } finally {
            if (tok != null) {
                tok.close();
            }
        }
    }

    /** DuckDB: every step file into one Parquet file, with its default threads (all cores). */
    private long duckdb() throws Exception {
        Path parquet = out.resolve("rollouts.parquet");
        Files.deleteIfExists(parquet);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_json_auto('" + dump.resolve("*.jsonl").toString().replace("'", "''")
                    + "', format = 'newline_delimited')) TO '" + parquet.toString().replace("'", "''")
                    + "' (FORMAT parquet)");
        }
        return Files.size(parquet);
    }

    /** CPU time of this JVM (all threads, including SQLite's and DuckDB's native work on them). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
