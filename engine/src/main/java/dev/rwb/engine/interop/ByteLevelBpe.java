package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The import's fast path for the byte-level BPE tokenizers of the GPT-2 / Qwen family (a
 * {@code tokenizer.json} whose pre-tokenizer is one regex {@code Split} followed by a
 * {@code ByteLevel} without its own regex, an NFC or no normalizer, a plain BPE model): the same
 * algorithm as Hugging Face's, in Java, with each thread remembering the tokens of the pre-tokens it
 * has seen (words repeat, so most never reach the merge loop). Hugging Face's native call costs
 * ~0.45 CPU-seconds per MB of text, most of it crossing JNI and building the encoding's nine arrays.
 *
 * <p>The output must equal {@link HfTokenizer}'s native split exactly (ids and pieces), which the
 * tests check on the fixtures and on mixed-script text. Where this class cannot promise that, it
 * declines ({@link #trySplit} returns false) and the caller uses the native tokenizer: text that NFC
 * would change, code points Java's Unicode tables do not know (their regex classes might differ from
 * the native library's), and lone surrogates.
 */
final class ByteLevelBpe {
    /** Pre-tokens remembered per thread before the memory is cleared (a few MB). */
    private static final int CACHE_ENTRIES = 1 << 16;
    /** Pre-tokens at most this long are remembered (longer ones are rare and would crowd the cache). */
    private static final int CACHE_MAX_CHARS = 64;

    private final Pattern split;
    /** The same split by hand for the Qwen and GPT-4 patterns; null for others. */
    private final SplitScanner scanner;
    private final boolean nfc;
    /** Byte value → id of its byte-level symbol. */
    private final int[] byteIds;
    /** (left id, right id) → (rank << 32 | merged id). */
    private final LongLongMap merges;
    /** Merge rank → the id it makes. */
    private final int[] mergedIds;
    /** Added tokens by their first character, longest first (matched before the regex, as the native side does). */
    private final Map<Character, List<AddedToken>> added;
    /**
     * Whether an added token starts with this UTF-16 unit: the scan for added tokens looks at every
     * character, and a boxed map lookup per character was 4% of an import's samples.
     */
    private final boolean[] addedFirst = new boolean[Character.MAX_VALUE + 1];
    /** The first character of every added token when they all share one; {@link #SEVERAL_FIRSTS} or {@link #NO_ADDED} else. */
    private final int onlyFirst;
    private final ThreadLocal<WordCache> cache = ThreadLocal.withInitial(WordCache::new);

    private record AddedToken(String content, int id) {
    }

    private ByteLevelBpe(Pattern split, boolean nfc, int[] byteIds, LongLongMap merges, int[] mergedIds,
                         Map<Character, List<AddedToken>> added) {
        this.mergedIds = mergedIds;
        this.scanner = SplitScanner.forPattern(split.pattern());
        this.split = split;
        this.nfc = nfc;
        this.byteIds = byteIds;
        this.merges = merges;
        this.added = added;
        added.keySet().forEach(c -> addedFirst[c] = true);
        onlyFirst = added.size() == 1 ? added.keySet().iterator().next() : added.isEmpty() ? NO_ADDED : SEVERAL_FIRSTS;
    }

    /** The fast path for this parsed {@code tokenizer.json}, or empty when its pipeline is not the one this class implements. */
    static Optional<ByteLevelBpe> of(JsonNode root) {
        JsonNode model = root.path("model");
        if (!model.path("type").asText("").equals("BPE") || !isNullOrEmpty(model.get("dropout"))
                || !model.path("continuing_subword_prefix").asText("").isEmpty()
                || !model.path("end_of_word_suffix").asText("").isEmpty()
                || model.path("byte_fallback").asBoolean(false) || model.path("ignore_merges").asBoolean(false)
                || !isNullOrEmpty(root.get("truncation")) || !isNullOrEmpty(root.get("padding"))) {
            return Optional.empty();
        }
        JsonNode norm = root.get("normalizer");
        boolean nfc;
        if (isNullOrEmpty(norm)) {
            nfc = false;
        } else if (norm.path("type").asText("").equals("NFC")) {
            nfc = true;
        } else {
            return Optional.empty();
        }
        Pattern split = splitPattern(root.path("pre_tokenizer"));
        if (split == null) {
            return Optional.empty();
        }
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) {
            return Optional.empty();
        }
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        vocab.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asInt()));
        int[] byteIds = new int[256];
        char[] byteChars = byteLevelAlphabet();
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(byteChars[b]));
            if (id == null) {
                return Optional.empty();
            }
            byteIds[b] = id;
        }
        JsonNode mergeList = model.path("merges");
        LongLongMap merges = new LongLongMap(mergeList.size());
        int[] mergedIds = new int[mergeList.size()];
        for (int rank = 0; rank < mergeList.size(); rank++) {
            JsonNode m = mergeList.get(rank);
            String left;
            String right;
            if (m.isArray() && m.size() == 2) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else {
                String[] parts = m.asText("").split(" ", -1);
                if (parts.length != 2) {
                    return Optional.empty();
                }
                left = parts[0];
                right = parts[1];
            }
            Integer a = ids.get(left);
            Integer b = ids.get(right);
            Integer merged = ids.get(left + right);
            if (a == null || b == null || merged == null) {
                return Optional.empty();
            }
            // a pair listed twice keeps its last rank, as the native side's map does
            merges.put(pair(a, b), ((long) rank << 32) | merged);
            mergedIds[rank] = merged;
        }
        Map<Character, List<AddedToken>> added = new HashMap<>();
        for (JsonNode t : root.path("added_tokens")) {
            String content = t.path("content").asText("");
            if (content.isEmpty() || t.path("lstrip").asBoolean(false) || t.path("rstrip").asBoolean(false)
                    || t.path("single_word").asBoolean(false)
                    || (t.path("normalized").asBoolean(false) && !t.path("special").asBoolean(false)
                    && nfc && !Normalizer.isNormalized(content, Normalizer.Form.NFC))) {
                return Optional.empty();
            }
            added.computeIfAbsent(content.charAt(0), k -> new ArrayList<>())
                    .add(new AddedToken(content, t.path("id").asInt()));
        }
        // leftmost-longest, like the native side's matcher
        added.values().forEach(l -> l.sort((x, y) -> Integer.compare(y.content().length(), x.content().length())));
        return Optional.of(new ByteLevelBpe(split, nfc, byteIds, merges, mergedIds, added));
    }

    /** The one {@code Split} regex of {@code Sequence[Split(Isolated), ByteLevel(use_regex=false)]}, or null. */
    private static Pattern splitPattern(JsonNode pre) {
        if (!pre.path("type").asText("").equals("Sequence") || pre.path("pretokenizers").size() != 2) {
            return null;
        }
        JsonNode s = pre.path("pretokenizers").get(0);
        JsonNode bl = pre.path("pretokenizers").get(1);
        if (!s.path("type").asText("").equals("Split") || !s.path("behavior").asText("").equals("Isolated")
                || s.path("invert").asBoolean(false) || !s.path("pattern").has("Regex")
                || !bl.path("type").asText("").equals("ByteLevel") || bl.path("use_regex").asBoolean(true)
                || bl.path("add_prefix_space").asBoolean(true)) {
            return null;
        }
        try {
            // Unicode classes: the native regex's \s is Unicode White_Space, its (?i) folds Unicode case
            return Pattern.compile(s.path("pattern").path("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static boolean isNullOrEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /**
     * GPT-2's byte → symbol table: printable Latin-1 bytes stand for themselves, the other 68 take
     * the code points from U+0100 up, in byte order (so the vocabulary's strings hold no control characters).
     */
    static char[] byteLevelAlphabet() {
        char[] out = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = printable ? (char) b : (char) next++;
        }
        return out;
    }

    /**
     * Tokenises {@code text} into {@code out} exactly as the native tokenizer would, or returns false
     * (having handed out nothing) when this text needs the native tokenizer.
     */
    boolean trySplit(String text, TextPieces.PieceConsumer out) {
        WordCache memo = cache.get();
        memo.load(text);
        int kind = kindOf(text, memo.chars);
        if (kind == CANNOT) {
            memo.unload();
            return false;
        }
        if (memo.size > CACHE_ENTRIES) {
            memo.clear();
        }
        char[] chars = memo.chars;
        int cursor = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (onlyFirst == NO_ADDED) {
                break;
            }
            if (onlyFirst != SEVERAL_FIRSTS) {
                // one first character for all added tokens (Qwen's all start with '<'): the JDK's search
                i = text.indexOf(onlyFirst, i);
                if (i < 0) {
                    break;
                }
            }
            AddedToken a = addedFirst[chars[i]] ? addedAt(text, i) : null;
            if (a == null) {
                i++;
                continue;
            }
            regexSegment(text, cursor, i, memo, out);
            // an added token's piece runs to the next token's start, which is right after it
            out.accept(a.id(), a.content());
            i += a.content().length();
            cursor = i;
        }
        regexSegment(text, cursor, n, memo, out);
        memo.unload();
        return true;
    }

    private static final int SEVERAL_FIRSTS = -1;
    private static final int NO_ADDED = -2;
    private static final int CANNOT = 0;
    private static final int ASCII = 1;
    private static final int UNICODE = 2;

    /** ASCII; other text NFC leaves alone, whose code points Java's tables know, without a lone surrogate; or neither. */
    private int kindOf(String text, char[] chars) {
        // an OR over all characters (no early exit, which the compiler can vectorise): most texts are ASCII
        int any = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            any |= chars[i];
        }
        if (any < 0x80) {
            return ASCII;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.SURROGATE) {
                return CANNOT;
            }
            i += Character.charCount(cp);
        }
        return !nfc || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? UNICODE : CANNOT;
    }

    private AddedToken addedAt(String text, int i) {
        List<AddedToken> candidates = added.get(text.charAt(i));
        if (candidates == null) {
            return null;
        }
        for (AddedToken a : candidates) {
            if (text.startsWith(a.content(), i)) {
                return a;
            }
        }
        return null;
    }

    /** Pre-tokenises {@code text[from, to)} with the split regex (matches and the gaps between them) and encodes each pre-token. */
    private void regexSegment(String text, int from, int to, WordCache memo, TextPieces.PieceConsumer emit) {
        if (from >= to) {
            return;
        }
        if (scanner != null) {
            for (int i = from; i < to; ) {
                int end = scanner.matchEnd(text, i, to);
                word(text, i, end, memo, emit);
                i = end;
            }
            return;
        }
        Matcher m = split.matcher(text);
        m.region(from, to);
        int cursor = from;
        while (m.find()) {
            if (m.start() == m.end()) {
                continue;
            }
            if (m.start() > cursor) {
                word(text, cursor, m.start(), memo, emit);
            }
            word(text, m.start(), m.end(), memo, emit);
            cursor = m.end();
        }
        if (cursor < to) {
            word(text, cursor, to, memo, emit);
        }
    }

    /**
     * Emits the tokens of one pre-token {@code text[start, end)}. A token's piece runs from the
     * character holding its first byte to the next token's start, and the first token of a pre-token
     * starts at the pre-token's start, so a pre-token's pieces depend on its text alone: the cache
     * keeps them with the ids, and a repeated word hands out the same strings again (no allocation).
     */
    private void word(String text, int start, int end, WordCache memo, TextPieces.PieceConsumer emit) {
        Word w;
        if (end - start <= CACHE_MAX_CHARS) {
            w = memo.get(start, end);
            if (w == null) {
                w = encodeWord(text.substring(start, end));
                memo.put(start, end, w);
            }
        } else {
            w = encodeWord(text.substring(start, end));
        }
        int[] ids = w.ids();
        String[] pieces = w.pieces();
        for (int k = 0; k < ids.length; k++) {
            emit.accept(ids[k], pieces[k]);
        }
    }

    /** The tokens of one pre-token with their pieces of it. */
    private Word encodeWord(String word) {
        int[] tokens = bpe(word);
        int count = tokens.length / 2;
        int[] ids = new int[count];
        int[] starts = new int[count];
        int charIndex = 0;
        int byteInChar = 0;
        for (int k = 0; k < count; k++) {
            ids[k] = tokens[2 * k];
            starts[k] = charIndex;
            // advance by the token's bytes, char by char; a token that ends inside a character leaves
            // the next one starting at that character
            int bytes = tokens[2 * k + 1];
            while (bytes > 0) {
                int cp = word.codePointAt(charIndex);
                int left = utf8Length(cp) - byteInChar;
                if (bytes >= left) {
                    bytes -= left;
                    byteInChar = 0;
                    charIndex += Character.charCount(cp);
                } else {
                    byteInChar += bytes;
                    bytes = 0;
                }
            }
        }
        String[] pieces = new String[count];
        if (count == 1) {
            pieces[0] = word;
        } else {
            for (int k = 0; k < count; k++) {
                pieces[k] = word.substring(starts[k], k + 1 < count ? starts[k + 1] : word.length());
            }
        }
        return new Word(ids, pieces);
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /**
     * Byte-level BPE of one pre-token: its UTF-8 bytes as symbols, then, as long as some neighbouring
     * pair has a merge, the pair of lowest rank (the leftmost among equals) is merged, the native
     * side's order. Returns {@code [id, bytes, id, bytes, …]} per token.
     */
    private int[] bpe(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] id = new int[n];
        int[] len = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = byteIds[bytes[i] & 0xFF];
            len[i] = 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(Math.max(4, n));
        for (int i = 0; i + 1 < n; i++) {
            push(heap, id[i], id[i + 1], i);
        }
        int count = n;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int pos = (int) top;
            int rank = (int) (top >>> 32);
            int right = len[pos] == 0 ? -1 : next[pos];
            if (right < 0) {
                continue;
            }
            long m = merges.get(pair(id[pos], id[right]));
            // a stale entry: its pair no longer gives the token it was queued for
            if (m < 0 || (int) m != mergedIds[rank]) {
                continue;
            }
            id[pos] = mergedIds[rank];
            len[pos] += len[right];
            len[right] = 0;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
            }
            count--;
            if (prev[pos] >= 0) {
                push(heap, id[prev[pos]], id[pos], prev[pos]);
            }
            if (next[pos] >= 0) {
                push(heap, id[pos], id[next[pos]], pos);
            }
        }
        int[] out = new int[2 * count];
        int k = 0;
        for (int i = 0; i >= 0 && k < out.length; i = next[i]) {
            out[k++] = id[i];
            out[k++] = len[i];
        }
        return out;
    }

    private void push(LongHeap heap, int left, int right, int pos) {
        long m = merges.get(pair(left, right));
        if (m >= 0) {
            heap.push((m >>> 32) << 32 | pos);
        }
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** A pre-token's ids and their pieces of its text. */
    private record Word(int[] ids, String[] pieces) {
    }

    /**
     * One thread's remembered pre-tokens, looked up by a range of the text being split without
     * cutting a key string out of it: the text's characters are copied once into {@code chars},
     * and a range's hash and comparison run on that array (open addressing, linear probing).
     */
    private static final class WordCache {
        private static final int INITIAL_SLOTS = 1 << 12;
        private char[][] keys = new char[INITIAL_SLOTS][];
        private int[] hashes = new int[INITIAL_SLOTS];
        private Word[] words = new Word[INITIAL_SLOTS];
        private char[] chars = new char[8192];
        int size;

        void load(String text) {
            if (chars.length < text.length()) {
                chars = new char[Integer.highestOneBit(text.length()) << 1];
            }
            text.getChars(0, text.length(), chars, 0);
        }

        /** Lets a very long text's copy go. */
        void unload() {
            if (chars.length > 1 << 20) {
                chars = new char[8192];
            }
        }

        Word get(int start, int end) {
            int h = hash(start, end);
            int len = end - start;
            int mask = keys.length - 1;
            for (int i = h & mask; ; i = (i + 1) & mask) {
                char[] k = keys[i];
                if (k == null) {
                    return null;
                }
                if (hashes[i] == h && k.length == len && java.util.Arrays.equals(k, 0, len, chars, start, end)) {
                    return words[i];
                }
            }
        }

        void put(int start, int end, Word w) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            insert(java.util.Arrays.copyOfRange(chars, start, end), hash(start, end), w);
            size++;
        }

        private void insert(char[] key, int h, Word w) {
            int mask = keys.length - 1;
            int i = h & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = h;
            words[i] = w;
        }

        private void grow() {
            char[][] oldKeys = keys;
            int[] oldHashes = hashes;
            Word[] oldWords = words;
            keys = new char[oldKeys.length * 2][];
            hashes = new int[oldKeys.length * 2];
            words = new Word[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    insert(oldKeys[i], oldHashes[i], oldWords[i]);
                }
            }
        }

        void clear() {
            keys = new char[INITIAL_SLOTS][];
            hashes = new int[INITIAL_SLOTS];
            words = new Word[INITIAL_SLOTS];
            size = 0;
        }

        private int hash(int start, int end) {
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + chars[i];
            }
            // spread the polynomial hash's low bits (the slot is taken from them)
            h *= 0x9E3779B9;
            return h ^ (h >>> 15);
        }
    }

    /** An open-addressing map of non-negative longs by long key; absent keys give -1. */
    private static final class LongLongMap {
        private final long[] keys;
        private final long[] values;
        private final int mask;

        LongLongMap(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2)) << 1;
            keys = new long[cap];
            values = new long[cap];
            java.util.Arrays.fill(values, -1);
            mask = cap - 1;
        }

        long get(long key) {
            for (int i = slot(key); ; i = (i + 1) & mask) {
                if (values[i] < 0) {
                    return -1;
                }
                if (keys[i] == key) {
                    return values[i];
                }
            }
        }

        void put(long key, long value) {
            for (int i = slot(key); ; i = (i + 1) & mask) {
                if (values[i] < 0 || keys[i] == key) {
                    keys[i] = key;
                    values[i] = value;
                    return;
                }
            }
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }
    }

    /** A binary min-heap of longs (merge rank in the high half, position in the low: lowest rank, then leftmost). */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (a[p] <= v) {
                    break;
                }
                a[i] = a[p];
                i = p;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long v = a[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && a[c + 1] < a[c]) {
                    c++;
                }
                if (a[c] >= v) {
                    break;
                }
                a[i] = a[c];
                i = c;
            }
            a[i] = v;
            return top;
        }
    }
}
