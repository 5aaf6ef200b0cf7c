package dev.rwb.engine.env;

/**
 * What a tool gives back to the model, already wrapped in its tags
 * ({@code <information>…</information>} or {@code <result>…</result>}).
 *
 * @param text the text appended to the sequence
 * @param error true when the call was malformed or failed (the episode still continues)
 */
public record Observation(String text, boolean error) {
    public static Observation ok(String open, String body, String close) {
        return new Observation(open + body + close, false);
    }

    public static Observation error(String open, String message, String close) {
        return new Observation(open + "error: " + message + close, true);
    }
}
