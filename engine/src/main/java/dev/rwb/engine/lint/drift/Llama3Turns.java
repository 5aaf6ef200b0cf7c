package dev.rwb.engine.lint.drift;

import dev.rwb.engine.chat.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers the messages of a Llama 3 header-delimited text
 * ({@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}, the layout of Llama 3.x
 * chat templates). As with {@link ChatMlTurns}, each block becomes one message with its role and its
 * content verbatim, and what lies between blocks (the {@code <|begin_of_text|>}, separators) is left
 * to the template to write again.
 */
public final class Llama3Turns {
    /** The start marker of a turn's header. */
    public static final String START = "<|start_header_id|>";
    /** The end marker of a turn's header; the content follows a blank line. */
    public static final String HEADER_END = "<|end_header_id|>";
    /** The end marker of a turn. */
    public static final String END = "<|eot_id|>";

    private Llama3Turns() {
    }

    /** The blocks of {@code text}, or an empty list when it has no Llama 3 turn. */
    public static ChatMlTurns.Parsed parse(String text) {
        List<ChatMessage> out = new ArrayList<>();
        int at = text.indexOf(START);
        boolean open = false;
        while (at >= 0) {
            int roleFrom = at + START.length();
            int headerEnd = text.indexOf(HEADER_END, roleFrom);
            int next = text.indexOf(START, roleFrom);
            if (headerEnd < 0 || (next >= 0 && headerEnd > next)) {
                break; // a header without its end marker is not a turn
            }
            String role = text.substring(roleFrom, headerEnd);
            int contentFrom = headerEnd + HEADER_END.length();
            // the template writes "\n\n" after the header; the content starts after it
            while (contentFrom < text.length() && text.charAt(contentFrom) == '\n'
                    && contentFrom < headerEnd + HEADER_END.length() + 2) {
                contentFrom++;
            }
            int end = text.indexOf(END, contentFrom);
            boolean unterminated = end < 0 || (next >= 0 && next < end);
            int contentEnd = unterminated ? (next < 0 ? text.length() : next) : end;
            open = unterminated;
            out.add(new ChatMessage(role, text.substring(contentFrom, contentEnd), null, List.of(), null, null,
                    role.equals("assistant") ? 1f : 0f));
            at = next;
        }
        return new ChatMlTurns.Parsed(out, open && !out.isEmpty());
    }
}
