package dev.rwb.engine.interop.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenizerChoice;
import dev.rwb.engine.trajectory.InputLimits;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * inspect_ai logs: a {@code .eval} ZIP ({@code header.json} and one {@code samples/<id>_epoch_<n>.json}
 * per sample, read one entry at a time) or a {@code .json} EvalLog (its {@code samples} array read
 * element by element with the streaming parser). Errors name the entry (or {@code samples[i]}) and field.
 */
public final class InspectImporter implements Importer {
    @Override
    public ImportFormat format() {
        return ImportFormat.INSPECT;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        String name = source.getFileName().toString();
        String run = options.runOr(name.replaceFirst("\\.(eval|json)$", ""));
        if (name.endsWith(".eval")) {
            readEval(source, name, run, options, sink);
        } else {
            readJson(source, name, run, options, sink);
        }
    }

    private void readEval(Path source, String name, String run, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        ZipFile zip;
        try {
            zip = new ZipFile(source.toFile());
        } catch (ZipException e) {
            throw new TrajectoryFormatException(name, 0, null, "not an inspect .eval log (not a ZIP archive): "
                    + e.getMessage());
        }
        try (zip) {
            String task = "inspect";
            ZipEntry header = zip.getEntry("header.json");
            if (header != null) {
                task = readEntry(zip, header, name).path("eval").path("task").asText("inspect");
            }
            List<ZipEntry> samples = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getName().startsWith("samples/") && e.getName().endsWith(".json")) {
                    samples.add(e);
                }
            }
            if (samples.isEmpty()) {
                throw new TrajectoryFormatException(name, 0, "samples", "the log has no samples/*.json entries");
            }
            List<String> texts = new ArrayList<>();
            if (options.tokenizer() == null) {
                for (ZipEntry e : samples.subList(0, Math.min(samples.size(), 20))) {
                    texts.add(readEntry(zip, e, name).path("messages").toString());
                }
            }
            InspectSampleMapper mapper = new InspectSampleMapper(run, task, TokenizerChoice.pieces(options, texts),
                    options.tokenizer());
            for (ZipEntry e : samples) {
                String entryName = name + "!" + e.getName();
                sink.accept(mapper.map(new JsonRecord(readEntry(zip, e, name), entryName, 1)));
            }
        }
    }

    private static JsonNode readEntry(ZipFile zip, ZipEntry e, String name) throws IOException,
            TrajectoryFormatException {
        if (e.getSize() > InputLimits.MAX_ENTRY_BYTES) {
            throw new TrajectoryFormatException(name + "!" + e.getName(), 0, null, "too large to import: the entry "
                    + "inflates to " + e.getSize() + " bytes, over the cap of " + (InputLimits.MAX_ENTRY_BYTES >> 20)
                    + " MB per entry (a ZIP bomb?)");
        }
        // the size in the ZIP header can lie: the bounded mapper also stops reading past the cap
        try (InputStream in = zip.getInputStream(e)) {
            return JsonLines.mapper().readTree(in);
        } catch (StreamConstraintsException ex) {
            throw new TrajectoryFormatException(name + "!" + e.getName(), 0, null, InputLimits.describe(ex));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new TrajectoryFormatException(name + "!" + e.getName(), ex.getLocation() == null ? 0
                    : ex.getLocation().getLineNr(), null, "not valid JSON: " + ex.getOriginalMessage());
        }
    }

    private void readJson(Path source, String name, String run, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        List<String> texts = new ArrayList<>();
        if (options.tokenizer() == null) {
            forEachSample(source, name, (sample, i, line) -> {
                if (i < 20) {
                    texts.add(sample.path("messages").toString());
                }
            }, null);
        }
        String[] task = {"inspect"};
        InspectSampleMapper[] mapper = {null};
        TextPieces pieces = TokenizerChoice.pieces(options, texts);
        int count = forEachSample(source, name, (sample, i, line) -> {
            if (mapper[0] == null) {
                mapper[0] = new InspectSampleMapper(run, task[0], pieces, options.tokenizer());
            }
            sink.accept(mapper[0].map(new JsonRecord(sample, name, line).child(sample, "samples[" + i + "]")));
        }, task);
        if (count < 0) {
            throw new TrajectoryFormatException(name, 1, "samples", "missing: not an inspect EvalLog with samples");
        }
    }

    /** Receives one sample, its index and the line where it starts. */
    @FunctionalInterface
    private interface SampleHandler {
        void accept(JsonNode sample, int index, int line) throws TrajectoryFormatException;
    }

    /**
     * Streams the top-level object: {@code eval} is read whole (small) to learn the task, each element
     * of {@code samples} is read and handed over one at a time. Returns the number of samples, -1 if none.
     */
    private static int forEachSample(Path source, String name, SampleHandler handler, String[] task)
            throws IOException, TrajectoryFormatException {
        try (JsonParser raw = InputLimits.streamingFactory().createParser(source.toFile());
             InputLimits.ElementCounter p = InputLimits.elementCounting(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TrajectoryFormatException(name, 1, null, "expected an inspect EvalLog JSON object");
            }
            int count = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("eval") && t == JsonToken.START_OBJECT) {
                    p.startElement();
                    JsonNode eval = JsonLines.mapper().readTree(p);
                    if (task != null) {
                        task[0] = eval.path("task").asText("inspect");
                    }
                } else if (field.equals("samples") && t == JsonToken.START_ARRAY) {
                    count = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int line = p.currentTokenLocation().getLineNr();
                        p.startElement();
                        handler.accept(JsonLines.mapper().readTree(p), count++, line);
                    }
                } else {
                    p.skipChildren();
                }
            }
            return count;
        } catch (StreamConstraintsException e) {
            throw new TrajectoryFormatException(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    InputLimits.describe(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TrajectoryFormatException(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
