package dev.rwb.engine.lint.drift;

import dev.rwb.engine.chat.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers the messages of a ChatML-delimited text ({@code <|im_start|>role\ncontent<|im_end|>},
 * the layout of Qwen, and of every model whose template uses these markers). Each block becomes one
 * message with its role and its content verbatim, so the model's template decides again how it
 * renders reasoning, tool calls and tool responses; what lies between blocks is dropped, since the
 * template writes the separators itself. That is what template drift compares.
 */
public final class ChatMlTurns {
    /** The start marker of a turn. */
    public static final String START = "<|im_start|>";
    /** The end marker of a turn. */
    public static final String END = "<|im_end|>";

    /**
     * The messages and whether the last one is unterminated (a truncated generation).
     *
     * @param messages the blocks in order
     * @param open true when the text ends inside a block (no {@code <|im_end|>} after the last start)
     */
    public record Parsed(List<ChatMessage> messages, boolean open) {
    }

    private ChatMlTurns() {
    }

    /** The blocks of {@code text}, or an empty list when it has no ChatML turn. */
    public static Parsed parse(String text) {
        List<ChatMessage> out = new ArrayList<>();
        int at = text.indexOf(START);
        boolean open = false;
        while (at >= 0) {
            int header = at + START.length();
            int newline = text.indexOf('\n', header);
            int end = text.indexOf(END, header);
            int next = text.indexOf(START, header);
            if (newline < 0 || (end >= 0 && newline > end) || (next >= 0 && newline > next)) {
                break; // a start marker without a role line is not a turn
            }
            String role = text.substring(header, newline);
            int contentEnd = end < 0 || (next >= 0 && next < end) ? (next < 0 ? text.length() : next) : end;
            open = end < 0 || (next >= 0 && next < end);
            out.add(new ChatMessage(role, text.substring(newline + 1, contentEnd), null, List.of(), null, null,
                    role.equals("assistant") ? 1f : 0f));
            at = next;
        }
        return new Parsed(out, open && !out.isEmpty());
    }
}
