package dev.rwb.engine.interop;

/**
 * The pre-tokenizer regex of the Qwen2/Qwen3 and GPT-4 (cl100k, Llama 3) {@code tokenizer.json}
 * files, matched by hand:
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}
 * with D = 1 (Qwen) or 3 (GPT-4), {@code \s} Unicode White_Space. Java's regex engine spent a third of
 * the Java tokenizer's time on it; {@link ByteLevelBpe} uses this scanner only for these two exact
 * patterns, and the tests check it against the regex on random text.
 */
final class SplitScanner {
    static final String QWEN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String GPT4 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final int maxDigits;

    private SplitScanner(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    /** The scanner for this regex, or null when it is neither pattern. */
    static SplitScanner forPattern(String regex) {
        return regex.equals(QWEN) ? new SplitScanner(1) : regex.equals(GPT4) ? new SplitScanner(3) : null;
    }

    /**
     * End of the match that starts at {@code i} in {@code s[.., to)}; every position starts a match
     * of this pattern (each alternative set together covers every character), so the result is > i.
     */
    int matchEnd(String s, int i, int to) {
        int c = s.codePointAt(i);
        // 1. contractions, case-insensitive: 's 't 're 've 'm 'll 'd
        if (c == '\'' && i + 1 < to) {
            int e = contraction(s, i + 1, to);
            if (e > 0) {
                return e;
            }
        }
        int n = i + Character.charCount(c);
        // 2. [^\r\n\p{L}\p{N}]?\p{L}+
        if (isLetter(c)) {
            return letters(s, n, to);
        }
        if (c != '\r' && c != '\n' && !isNumber(c) && n < to && isLetter(s.codePointAt(n))) {
            return letters(s, n, to);
        }
        // 3. \p{N}{1,D}
        if (isNumber(c)) {
            int e = n;
            for (int k = 1; k < maxDigits && e < to && isNumber(s.codePointAt(e)); k++) {
                e += Character.charCount(s.codePointAt(e));
            }
            return e;
        }
        // 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        int p = c == ' ' && n < to && isOther(s.codePointAt(n)) ? n : isOther(c) ? i : -1;
        if (p >= 0) {
            int e = p;
            while (e < to && isOther(s.codePointAt(e))) {
                e += Character.charCount(s.codePointAt(e));
            }
            while (e < to && (s.charAt(e) == '\r' || s.charAt(e) == '\n')) {
                e++;
            }
            return e;
        }
        // c is white space here: the run of it
        int runEnd = n;
        int lastNewline = c == '\r' || c == '\n' ? n : -1;
        while (runEnd < to && isSpace(s.codePointAt(runEnd))) {
            char d = s.charAt(runEnd);
            runEnd += Character.charCount(s.codePointAt(runEnd));
            if (d == '\r' || d == '\n') {
                lastNewline = runEnd;
            }
        }
        // 5. \s*[\r\n]+ : the run up to its last line break
        if (lastNewline > 0) {
            return lastNewline;
        }
        // 6. \s+(?!\S) : all of it at the end, else all but its last character
        if (runEnd == to) {
            return runEnd;
        }
        int last = s.offsetByCodePoints(runEnd, -1);
        if (last > i) {
            return last;
        }
        // 7. \s+
        return runEnd;
    }

    private static int contraction(String s, int j, int to) {
        char a = s.charAt(j);
        if (is(a, 's') || is(a, 't') || is(a, 'm') || is(a, 'd')) {
            return j + 1;
        }
        if (j + 1 < to) {
            char b = s.charAt(j + 1);
            if ((is(a, 'r') || is(a, 'v')) && is(b, 'e')) {
                return j + 2;
            }
            if (is(a, 'l') && is(b, 'l')) {
                return j + 2;
            }
        }
        return -1;
    }

    /** Case-insensitive as Java's regex matches under UNICODE_CASE: the lower case of the upper case ('ſ' is an 's'). */
    private static boolean is(char c, char lower) {
        return c == lower || Character.toLowerCase(Character.toUpperCase(c)) == lower;
    }

    private static int letters(String s, int from, int to) {
        int e = from;
        while (e < to) {
            int cp = s.codePointAt(e);
            if (!isLetter(cp)) {
                break;
            }
            e += Character.charCount(cp);
        }
        return e;
    }

    static boolean isLetter(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        }
        return Character.isLetter(cp);
    }

    static boolean isNumber(int cp) {
        if (cp < 0x80) {
            return cp >= '0' && cp <= '9';
        }
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Unicode White_Space, as Java's regex has it under UNICODE_CHARACTER_CLASS. */
    static boolean isSpace(int cp) {
        if (cp < 0x80) {
            return cp == ' ' || (cp >= 0x9 && cp <= 0xd);
        }
        if (cp == 0x85) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isOther(int cp) {
        return !isSpace(cp) && !isLetter(cp) && !isNumber(cp);
    }
}
