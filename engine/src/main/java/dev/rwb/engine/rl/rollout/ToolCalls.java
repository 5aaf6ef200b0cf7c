package dev.rwb.engine.rl.rollout;

import dev.rwb.engine.env.Tool;

import java.util.List;

/** Finds the tool call at the end of a model turn and the final answer of a response. */
final class ToolCalls {
    private ToolCalls() {
    }

    /** The tool whose closing tag ends {@code turnText}, or null. */
    static Tool endingTool(String turnText, List<Tool> tools) {
        for (Tool t : tools) {
            if (turnText.endsWith(t.closeTag())) {
                return t;
            }
        }
        return null;
    }

    /**
     * The argument of the call that ends the turn: the text after the last opening tag, or null when
     * the model closed a tag it never opened in this turn.
     */
    static String argument(String turnText, Tool tool) {
        int open = turnText.lastIndexOf(tool.openTag());
        if (open < 0) {
            return null;
        }
        return turnText.substring(open + tool.openTag().length(), turnText.length() - tool.closeTag().length());
    }

    /** The text inside the last {@code <answer>…</answer>} of a response, or null. */
    static String finalAnswer(String response) {
        int close = response.lastIndexOf("</answer>");
        if (close < 0) {
            return null;
        }
        int open = response.lastIndexOf("<answer>", close);
        return open < 0 ? null : response.substring(open + "<answer>".length(), close).strip();
    }
}
