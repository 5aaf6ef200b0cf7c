package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What an import stored.
 *
 * @param source the file or directory imported
 * @param format the format it was read as
 * @param runs names of the runs that received trajectories, in first-seen order
 * @param steps number of distinct (run, step) pairs
 * @param trajectories trajectories stored
 * @param tokens tokens stored (sum of trajectory lengths)
 * @param bytes size of the source on disk
 * @param seconds wall time of the import
 */
public record ImportSummary(String source, ImportFormat format, List<String> runs, long steps, long trajectories,
                            long tokens, long bytes, double seconds) {

    public ImportSummary {
        runs = List.copyOf(runs);
    }

    /** Source megabytes (10^6 bytes) read per second. */
    public double megabytesPerSecond() {
        return seconds <= 0 ? Double.NaN : bytes / 1e6 / seconds;
    }

    /** One line for people, e.g. {@code 120 trajectories (48,000 tokens) in 2 run(s), 3 step(s)}. */
    public String describe() {
        return String.format("%d trajectories (%,d tokens) in %d run(s) %s, %d step(s), from %s as %s in %.1f s",
                trajectories, tokens, runs.size(), runs, steps, source, format.key(), seconds);
    }

    /** The summary as a JSON object (the {@code --json} output of {@code rwb import}). */
    public String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("source", source);
        o.put("format", format.key());
        o.putPOJO("runs", runs);
        o.put("steps", steps);
        o.put("trajectories", trajectories);
        o.put("tokens", tokens);
        o.put("bytes", bytes);
        o.put("seconds", seconds);
        try {
            return m.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
