package dev.rwb.engine.env.rollout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts a tool call's argument from the model text of one turn, which ends with the tool's
 * closing tag. Anything malformed (no opening tag, tags nested in the call or the call nested in
 * an unclosed block, empty or oversized argument) yields an error message for the model instead.
 */
final class CallParser {
    private static final Pattern TAG = Pattern.compile("<(/?)(think|search|calc|answer|information|result)>");

    /** Either an argument or an error message, never both. */
    record Parsed(String argument, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final int maxArgumentChars;

    CallParser(int maxArgumentChars) {
        this.maxArgumentChars = maxArgumentChars;
    }

    Parsed parse(String turnText, String toolName) {
        String open = "<" + toolName + ">";
        String close = "</" + toolName + ">";
        int closeAt = turnText.lastIndexOf(close);
        int openAt = closeAt < 0 ? -1 : turnText.lastIndexOf(open, closeAt);
        if (openAt < 0) {
            return error(close + " without an opening " + open);
        }
        String unclosed = unclosedBlock(turnText.substring(0, openAt));
        if (unclosed != null) {
            return error(open + " inside an unclosed <" + unclosed + ">");
        }
        String argument = turnText.substring(openAt + open.length(), closeAt);
        if (TAG.matcher(argument).find()) {
            return error("tags are not allowed inside " + open);
        }
        if (argument.isBlank()) {
            return error("empty " + toolName);
        }
        if (argument.length() > maxArgumentChars) {
            return error(toolName + " longer than " + maxArgumentChars + " characters");
        }
        return new Parsed(argument, null);
    }

    /** The name of a block still open at the end of {@code text}, or null. */
    private static String unclosedBlock(String text) {
        Matcher m = TAG.matcher(text);
        String open = null;
        while (m.find()) {
            if (m.group(1).isEmpty()) {
                open = m.group(2);
            } else if (m.group(2).equals(open)) {
                open = null;
            }
        }
        return open;
    }

    private static Parsed error(String message) {
        return new Parsed(null, message);
    }
}
