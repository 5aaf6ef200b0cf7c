package dev.rwb.engine.env.rollout;

/** Pulls the final answer out of the model's text: the content of its last closed {@code <answer>} block. */
public final class AnswerExtractor {
    private AnswerExtractor() {
    }

    /** The stripped answer, or null when no {@code <answer>…</answer>} was closed. */
    public static String extract(String modelText) {
        int close = modelText.lastIndexOf("</answer>");
        if (close < 0) {
            return null;
        }
        int open = modelText.lastIndexOf("<answer>", close);
        if (open < 0) {
            return null;
        }
        return modelText.substring(open + "<answer>".length(), close).strip();
    }
}
