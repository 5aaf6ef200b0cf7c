package dev.rwb.engine.interop;

import dev.rwb.engine.trajectory.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives token roles from the protocol tags found in decoded text (DESIGN §2): the Search-R1 tags
 * {@code <think> <search> <information> <answer>}, the workbench's {@code <calc> <result>}, the
 * Hermes/Qwen {@code <tool_call> <tool_response>}, and bare tool-call JSON
 * {@code {"name": …, "arguments": …}}. A tag and its closing tag belong to the span they open; an
 * unclosed tag runs to the end (the response was cut); text outside any tag gets the caller's role.
 */
public final class TaggedText {
    private static final Map<String, Role> TAG_ROLES = Map.of(
            "think", Role.REASONING,
            "search", Role.TOOL_CALL, "calc", Role.TOOL_CALL, "tool_call", Role.TOOL_CALL,
            "information", Role.TOOL_RESPONSE, "result", Role.TOOL_RESPONSE, "tool_response", Role.TOOL_RESPONSE,
            "answer", Role.ANSWER);
    private static final Pattern OPEN = Pattern.compile(
            "<(think|search|calc|tool_call|information|result|tool_response|answer)>|\\{\\s*\"name\"\\s*:");

    /** A stretch {@code [start, end)} of the text with one role. */
    public record Span(int start, int end, Role role) {
    }

    /**
     * The text cut into role spans.
     *
     * @param spans contiguous spans covering the whole text
     * @param toolCalls number of tool-call spans
     * @param finalAnswer the text inside the last {@code <answer>} (trimmed), or null
     * @param cutInsideTag true when the text ends inside an unclosed tag (a truncated response)
     */
    public record Segmentation(List<Span> spans, int toolCalls, String finalAnswer, boolean cutInsideTag) {
    }

    private TaggedText() {
    }

    /** Segments model-side text; text outside tags gets {@code outside}. */
    public static Segmentation segment(String text, Role outside) {
        List<Span> spans = new ArrayList<>();
        int toolCalls = 0;
        String answer = null;
        boolean cut = false;
        int cursor = 0;
        Matcher m = OPEN.matcher(text);
        while (cursor < text.length() && m.find(cursor)) {
            int start = m.start();
            int end;
            Role role;
            if (m.group(1) != null) {
                String close = "</" + m.group(1) + ">";
                int closeAt = text.indexOf(close, m.end());
                end = closeAt < 0 ? text.length() : closeAt + close.length();
                cut |= closeAt < 0;
                role = TAG_ROLES.get(m.group(1));
                if (role == Role.ANSWER) {
                    answer = text.substring(m.end(), closeAt < 0 ? text.length() : closeAt).trim();
                }
            } else {
                end = jsonObjectEnd(text, start);
                if (end < 0 || !text.substring(start, end).contains("\"arguments\"")) {
                    // Not a tool call: keep scanning after the brace.
                    addOutside(spans, cursor, m.end(), outside);
                    cursor = m.end();
                    continue;
                }
                role = Role.TOOL_CALL;
            }
            addOutside(spans, cursor, start, outside);
            spans.add(new Span(start, end, role));
            toolCalls += role == Role.TOOL_CALL ? 1 : 0;
            cursor = end;
        }
        addOutside(spans, cursor, text.length(), outside);
        return new Segmentation(mergeAdjacent(spans), toolCalls, answer, cut);
    }

    private static void addOutside(List<Span> spans, int start, int end, Role outside) {
        if (end > start) {
            spans.add(new Span(start, end, outside));
        }
    }

    /** Joins neighbouring spans of one role (e.g. the outside text that a rejected JSON candidate split). */
    private static List<Span> mergeAdjacent(List<Span> spans) {
        List<Span> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role() == s.role() && last.end() == s.start()) {
                out.set(out.size() - 1, new Span(last.start(), s.end(), s.role()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Index after the '}' that closes the object opened at {@code open}, honouring strings; -1 if none. */
    static int jsonObjectEnd(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
