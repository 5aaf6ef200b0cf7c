package dev.rwb.engine.interop;

import dev.rwb.engine.model.Tokenizer;

/**
 * {@link TextPieces} for any {@link Tokenizer}: walks the input alongside the decoded tokens.
 * Where a token's text is not what the input holds next (e.g. {@link dev.rwb.engine.model.TaskTokenizer}
 * maps each UTF-16 unit of a non-ASCII character to '?'), the token keeps its id but shows the
 * input's character instead; the second half of a surrogate pair then shows as an empty token.
 * The last token takes whatever is left, so the pieces always concatenate to the input.
 */
final class AlignedTextPieces implements TextPieces {
    private final Tokenizer tokenizer;

    AlignedTextPieces(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public void split(String text, PieceConsumer out) {
        int[] ids = tokenizer.encode(text);
        int n = text.length();
        int cursor = 0;
        int owedEmpty = 0;
        for (int i = 0; i < ids.length; i++) {
            String decoded = tokenizer.decodeToken(ids[i]);
            int end;
            if (i == ids.length - 1) {
                end = n;
            } else if (!decoded.isEmpty() && text.startsWith(decoded, cursor)) {
                end = cursor + decoded.length();
                owedEmpty = 0;
            } else if (owedEmpty > 0) {
                end = cursor;
                owedEmpty--;
            } else if (cursor < n) {
                int units = Character.charCount(text.codePointAt(cursor));
                end = cursor + units;
                owedEmpty = units - 1;
            } else {
                end = n;
            }
            out.accept(ids[i], text.substring(cursor, end));
            cursor = end;
        }
    }
}
