package dev.rwb.engine.env;

/**
 * A tool the model calls with {@code <name>argument</name>}. Implementations never throw for bad
 * model input: every malformed argument becomes an error {@link Observation}. A tool may keep
 * per-episode state (e.g. a search budget), so a fresh set is made for each episode.
 */
public interface Tool {
    /** Tag name, e.g. "search" for {@code <search>…</search>}. */
    String name();

    /** Runs the call; {@code argument} is the raw text between the tags. */
    Observation call(String argument);

    /** Wraps an error message in this tool's observation tags (used for malformed calls). */
    Observation errorObservation(String message);

    default String openTag() {
        return "<" + name() + ">";
    }

    default String closeTag() {
        return "</" + name() + ">";
    }
}
