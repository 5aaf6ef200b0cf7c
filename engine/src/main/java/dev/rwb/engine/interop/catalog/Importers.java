package dev.rwb.engine.interop.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.DuplicateImportException;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportProgress;
import dev.rwb.engine.interop.ImportSummary;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.SourceHash;
import dev.rwb.engine.interop.inspect.InspectImporter;
import dev.rwb.engine.interop.openai.OpenAiChatImporter;
import dev.rwb.engine.interop.primerl.PrimeRlImporter;
import dev.rwb.engine.interop.rwb.RwbJsonlImporter;
import dev.rwb.engine.interop.trl.TrlParquetImporter;
import dev.rwb.engine.interop.verifiers.VerifiersImporter;
import dev.rwb.engine.interop.verl.VerlImporter;
import dev.rwb.engine.store.ImportRecord;
import dev.rwb.engine.store.TrajectoryWriter;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The import entry point for the CLI and the GUI: {@link #detect} a source's format,
 * {@link #forFormat} get its reader, {@link #importInto} store it, all or nothing.
 */
public final class Importers {
    /**
     * Stored bytes (text and payload) per committed chunk, about as many bytes of a text dump: a
     * chunk holds the write lock for well under a second, so a trainer writing to the same DB waits
     * far less than its busy_timeout, and commits stay few (one per ~16 MB, not one per 32 trajectories).
     */
    public static final long CHUNK_BYTES = 16L << 20;
    /** A chunk also ends after this many trajectories (short ones), to bound its row count. */
    public static final int MAX_CHUNK_TRAJECTORIES = 20_000;

    private Importers() {
    }

    /** The reader of one format. */
    public static Importer forFormat(ImportFormat format) {
        return switch (format) {
            case RWB -> new RwbJsonlImporter();
            case VERL -> new VerlImporter();
            case TRL -> new TrlParquetImporter();
            case PRIME_RL -> new PrimeRlImporter();
            case OPENAI_CHAT -> new OpenAiChatImporter();
            case INSPECT -> new InspectImporter();
            case VERIFIERS -> new VerifiersImporter();
        };
    }

    /**
     * Tells a source's format from its layout (directories), extension and first record's keys.
     *
     * @throws TrajectoryFormatException when nothing matches, saying what was looked for
     */
    public static ImportFormat detect(Path source) throws IOException, TrajectoryFormatException {
        String name = source.getFileName() == null ? "" : source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(source)) {
            return detectDirectory(source, name);
        }
        if (!Files.isRegularFile(source)) {
            throw new TrajectoryFormatException(source.toString(), 0, null, "no such file or directory");
        }
        if (name.endsWith(".eval") || name.endsWith(".json")) {
            return ImportFormat.INSPECT;
        }
        if (name.endsWith(".parquet")) {
            return ImportFormat.TRL;
        }
        if (Files.size(source) == 0) {
            throw new TrajectoryFormatException(name, 0, null, "the file is empty");
        }
        JsonNode first = JsonLines.firstRecord(source);
        if (first != null && first.isObject()) {
            if (VerifiersImporter.looksLikeTraces(first)) {
                return ImportFormat.VERIFIERS;
            }
            if (first.has("tokens") && first.has("run")) {
                return ImportFormat.RWB;
            }
            if (first.has("messages")) {
                return ImportFormat.OPENAI_CHAT;
            }
            if (first.has("token_ids") && first.has("loss_mask")) {
                return ImportFormat.PRIME_RL;
            }
            if (first.has("input") && first.has("output")) {
                return ImportFormat.VERL;
            }
        }
        throw new TrajectoryFormatException(name, 1, null, "cannot tell the format: the first record has none of "
                + "the keys of a known format (tokens+run, messages, token_ids+loss_mask, input+output, "
                + "traces or nodes+task+agent); "
                + "choose one with --format");
    }

    private static ImportFormat detectDirectory(Path dir, String name) throws IOException, TrajectoryFormatException {
        if (name.equals("token_exports") || Files.isDirectory(dir.resolve("token_exports"))
                || !PrimeRlImporter.rankFiles(dir).isEmpty()) {
            return ImportFormat.PRIME_RL;
        }
        // by its files, not its name: verl's rollout_data_dir is often called "rollouts" too
        if (!VerifiersImporter.traceFiles(dir).isEmpty()) {
            return ImportFormat.VERIFIERS;
        }
        if (!TrlParquetImporter.parquetFiles(dir).isEmpty()) {
            return ImportFormat.TRL;
        }
        if (!VerlImporter.stepFiles(dir).isEmpty()) {
            return ImportFormat.VERL;
        }
        throw new TrajectoryFormatException(dir.toString(), 0, null, "cannot tell the format of this directory: "
                + "expected token_exports/step_N/rank_R.jsonl (prime-rl), rollouts/step_N/…/traces.jsonl "
                + "(verifiers), completions/completions_N.parquet (TRL) "
                + "or <step>.jsonl files (verl)");
    }

    /**
     * {@link #importInto}, unless the DB already holds a source with the same content hash
     * ({@link SourceHash}): then nothing is read or stored and {@link DuplicateImportException}
     * names the earlier import, since importing it again would double every group. With
     * {@code allowDuplicate} it is imported anyway. A successful import is remembered by its hash.
     */
    public static ImportSummary importOnce(WorkbenchStore store, Path source, ImportFormat format,
                                           ImportOptions options, boolean allowDuplicate)
            throws IOException, TrajectoryFormatException {
        return importOnce(store, source, format, options, allowDuplicate, ImportProgress.NONE);
    }

    /** {@link #importOnce(WorkbenchStore, Path, ImportFormat, ImportOptions, boolean)}, telling {@code progress}. */
    public static ImportSummary importOnce(WorkbenchStore store, Path source, ImportFormat format,
                                           ImportOptions options, boolean allowDuplicate, ImportProgress progress)
            throws IOException, TrajectoryFormatException {
        String hash = SourceHash.of(source);
        Optional<ImportRecord> earlier = store.findImport(hash);
        if (earlier.isPresent() && !allowDuplicate) {
            throw new DuplicateImportException(source.toString(), earlier.get());
        }
        ImportSummary summary = importInto(store, source, format, options, progress);
        store.recordImport(new ImportRecord(hash, source.toAbsolutePath().toString(), format.key(), summary.runs(),
                summary.trajectories(), Instant.now()));
        return summary;
    }

    /** {@link #importInto(WorkbenchStore, Path, ImportFormat, ImportOptions, ImportProgress)} without progress. */
    public static ImportSummary importInto(WorkbenchStore store, Path source, ImportFormat format,
                                           ImportOptions options) throws IOException, TrajectoryFormatException {
        return importInto(store, source, format, options, ImportProgress.NONE);
    }

    /**
     * Reads a source and stores all its trajectories, all or nothing: on any error, or when
     * {@code progress} cancels, nothing is stored and the exception says where the problem is (a
     * cancel throws {@link java.util.concurrent.CancellationException}). Records are parsed and
     * tokenised on all cores ({@link ImportPipeline}) and written by this thread in chunks of about
     * {@link #CHUNK_BYTES} that stay hidden until the last one ({@link WorkbenchStore#openWriter(int, long)}).
     */
    public static ImportSummary importInto(WorkbenchStore store, Path source, ImportFormat format,
                                           ImportOptions options, ImportProgress progress)
            throws IOException, TrajectoryFormatException {
        return importInto(store, source, format, options, progress, CHUNK_BYTES);
    }

    /** {@link #importInto(WorkbenchStore, Path, ImportFormat, ImportOptions, ImportProgress)} with another chunk size (tests). */
    static ImportSummary importInto(WorkbenchStore store, Path source, ImportFormat format, ImportOptions options,
                                    ImportProgress progress, long chunkBytes) throws IOException, TrajectoryFormatException {
        long start = System.nanoTime();
        Tally tally = new Tally();
        long size = sizeOf(source);
        ImportLint lint = new ImportLint(store);
        try (TrajectoryWriter writer = store.openWriter(MAX_CHUNK_TRAJECTORIES, chunkBytes)) {
            writer.onChunkStored(lint::stored);
            ImportPipeline.run(forFormat(format), source, options, writer, size, progress, f -> {
                lint.add(tally.trajectories, f.run(), f.step(), f.lint());
                tally.add(f);
            });
            if (tally.trajectories == 0) {
                throw new TrajectoryFormatException(source.toString(), 0, null, "no trajectories found (empty input)");
            }
            writer.commit();
        }
        lint.finish();
        return new ImportSummary(source.toString(), format, tally.runs.stream().toList(), tally.steps.size(),
                tally.trajectories, tally.tokens, size, (System.nanoTime() - start) / 1e9);
    }

    /** Bytes of a file, or of all files under a directory. */
    public static long sizeOf(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return Files.size(source);
        }
        try (Stream<Path> s = Files.walk(source)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** Counts what passes through an import. */
    private static final class Tally {
        final Set<String> runs = new LinkedHashSet<>();
        final Set<String> steps = new java.util.HashSet<>();
        long trajectories;
        long tokens;

        void add(ImportPipeline.Finished t) {
            runs.add(t.run());
            steps.add(t.run() + '\u0000' + t.step());
            trajectories++;
            tokens += t.tokens();
        }
    }
}
