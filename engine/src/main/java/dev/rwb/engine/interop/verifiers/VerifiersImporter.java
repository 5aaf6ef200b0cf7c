package dev.rwb.engine.interop.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.JsonLines;
import dev.rwb.engine.interop.JsonRecord;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * verifiers v1 {@code traces.jsonl} (trace schema version 1), as prime-rl's file monitor writes it
 * under {@code rollouts/step_N/{train,eval}/{all,effective}/traces.jsonl} (one {@code Episode} record
 * per line, its {@code traces} inside) and as a verifiers eval writes it (one {@code Trace} per line).
 * Each trace is a graph of message nodes ({@link MessageNode}); each root-to-leaf branch becomes one
 * trajectory ({@link BranchTokens}, {@link TraceFields}). Token text comes from the tokenizer when
 * one is given, else ids show as ⟨id⟩. In a directory, {@code effective} files are skipped where an
 * {@code all} file sits beside them: prime-rl writes the same episodes to both.
 */
public final class VerifiersImporter implements Importer {
    /** The file name verifiers and prime-rl write. */
    public static final String FILE_NAME = "traces.jsonl";
    private static final int MAX_TRACE_VERSION = 1;
    private static final Pattern STEP_DIR = Pattern.compile("step_(\\d+)");

    @Override
    public ImportFormat format() {
        return ImportFormat.VERIFIERS;
    }

    /** Whether a record's keys are a verifiers episode ({@code traces} of node graphs) or trace ({@code nodes}). */
    public static boolean looksLikeTraces(JsonNode first) {
        JsonNode traces = first.get("traces");
        if (traces != null && traces.isArray()) {
            return first.has("task") || first.has("env");
        }
        JsonNode nodes = first.get("nodes");
        return nodes != null && nodes.isArray() && first.has("task") && first.has("agent");
    }

    /** The {@code traces.jsonl} files under a directory, by step, without {@code effective} duplicates of {@code all}. */
    public static List<Path> traceFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 6)) {
            return s.filter(p -> p.getFileName().toString().equals(FILE_NAME) && Files.isRegularFile(p))
                    .filter(p -> !duplicatesAll(p))
                    .sorted(Comparator.comparingLong(VerifiersImporter::stepOf).thenComparing(Path::toString))
                    .toList();
        }
    }

    private static boolean duplicatesAll(Path file) {
        Path parent = file.getParent();
        return parent != null && parent.getFileName().toString().equals("effective")
                && Files.isRegularFile(parent.resolveSibling("all").resolve(FILE_NAME));
    }

    /** The N of the nearest {@code step_N} folder above a file, or −1. */
    static long stepOf(Path file) {
        for (Path p = file.getParent(); p != null && p.getFileName() != null; p = p.getParent()) {
            Matcher m = STEP_DIR.matcher(p.getFileName().toString());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    @Override
    public void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException {
        boolean dir = Files.isDirectory(source);
        List<Path> files = dir ? traceFiles(source) : List.of(source);
        if (files.isEmpty()) {
            throw new TrajectoryFormatException(source.toString(), 0, null, "no " + FILE_NAME + " files under this "
                    + "directory (prime-rl writes rollouts/step_N/train/all/" + FILE_NAME + ")");
        }
        Map<String, Integer> samplesPerGroup = new HashMap<>();
        String fallbackRun = "verifiers-" + runFolderName(source);
        for (Path file : files) {
            String name = dir ? source.relativize(file).toString() : file.getFileName().toString();
            long folderStep = stepOf(file.toAbsolutePath());
            JsonLines.forEachLine(file, name, (line, no) -> {
                JsonRecord r = JsonLines.parse(line, name, no);
                TraceFields.Context context = TraceFields.Context.of(r, options, fallbackRun,
                        (int) Math.max(0, folderStep), samplesPerGroup);
                if (r.node().has("traces")) {
                    JsonNode traces = r.array("traces");
                    for (int t = 0; t < traces.size(); t++) {
                        readTrace(r.child(traces.get(t), "traces[" + t + "]"), context, options, sink);
                    }
                } else if (r.node().has("nodes")) {
                    readTrace(r, context, options, sink);
                } else {
                    throw r.error(null, "neither an episode (traces) nor a trace (nodes)");
                }
            });
        }
    }

    private static void readTrace(JsonRecord trace, TraceFields.Context context, ImportOptions options,
                                  Consumer<Trajectory> sink) throws TrajectoryFormatException {
        trace.requireObject();
        if (trace.has("version")) {
            int v = trace.integer("version");
            if (v > MAX_TRACE_VERSION) {
                throw trace.error("version", "trace schema version " + v + " is newer than this importer reads ("
                        + MAX_TRACE_VERSION + ")");
            }
        }
        JsonNode nodesNode = trace.array("nodes");
        List<MessageNode> nodes = new ArrayList<>(nodesNode.size());
        for (int i = 0; i < nodesNode.size(); i++) {
            nodes.add(MessageNode.read(trace.child(nodesNode.get(i), "nodes[" + i + "]"), i));
        }
        TraceFields fields = TraceFields.read(trace, context);
        java.util.Set<Integer> trained = new java.util.HashSet<>();
        for (List<Integer> branch : branches(nodes)) {
            List<MessageNode> path = branch.stream().map(nodes::get).toList();
            if (path.stream().allMatch(n -> n.tokenIds().length == 0)) {
                throw trace.error("nodes", "the branch ending at node " + branch.get(branch.size() - 1)
                        + " has no token_ids (a client that records no tokens wrote it; import its messages "
                        + "with --format openai-chat instead)");
            }
            try {
                sink.accept(fields.trajectory(path, BranchTokens.build(path, branch, trained, options.tokenizer())));
            } catch (IllegalArgumentException e) {
                throw trace.error("nodes", e.getMessage());
            }
        }
    }

    /** Each leaf's root-to-leaf path of node indices, leaves in node order (verifiers' graph.leaves). */
    static List<List<Integer>> branches(List<MessageNode> nodes) {
        boolean[] hasChild = new boolean[nodes.size()];
        for (MessageNode n : nodes) {
            if (n.parent() >= 0) {
                hasChild[n.parent()] = true;
            }
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int leaf = 0; leaf < nodes.size(); leaf++) {
            if (hasChild[leaf]) {
                continue;
            }
            List<Integer> path = new ArrayList<>();
            for (int at = leaf; at >= 0; at = nodes.get(at).parent()) {
                path.add(0, at);
            }
            out.add(path);
        }
        return out;
    }

    /** The run folder above {@code rollouts} (prime-rl's output dir), or the source's own name. */
    private static String runFolderName(Path source) {
        Path p = source.toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (q.getFileName() != null && q.getFileName().toString().equals("rollouts") && q.getParent() != null
                    && q.getParent().getFileName() != null) {
                return q.getParent().getFileName().toString();
            }
        }
        Path named = Files.isDirectory(p) || p.getParent() == null ? p : p.getParent();
        return named.getFileName() == null ? "traces" : named.getFileName().toString();
    }
}
