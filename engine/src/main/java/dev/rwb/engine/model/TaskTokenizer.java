package dev.rwb.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenizer for the workbench's generated tasks: the protocol tags are single special tokens,
 * numbers are split into single digits (so arithmetic generalises), words are whole tokens
 * (with their leading space, GPT-2 style) when they are in the vocabulary, and every printable
 * ASCII character is a token, so any text is encodable and decodes exactly.
 */
public final class TaskTokenizer implements Tokenizer {
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String PAD = "<pad>";
    /** The protocol tags (DESIGN §2, §6), each a single token. */
    public static final List<String> TAGS = List.of("<think>", "</think>", "<search>", "</search>",
            "<information>", "</information>", "<calc>", "</calc>", "<result>", "</result>",
            "<answer>", "</answer>");

    private static final Pattern WORD = Pattern.compile(" ?[A-Za-z]+");

    private static final int ASCII_IDS = 128;

    private final List<String> vocab;
    private final Map<String, Integer> ids;
    /** Ids of the one-character tokens below 128 (-1 where none), and of '?'. */
    private final int[] asciiIds = new int[ASCII_IDS];
    private final int unknownId;

    private TaskTokenizer(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.vocab.size(); i++) {
            if (ids.put(this.vocab.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate vocabulary entry '" + this.vocab.get(i) + "'");
            }
        }
        for (String required : List.of(PAD, BOS, EOS)) {
            if (!ids.containsKey(required)) {
                throw new IllegalArgumentException("vocabulary lacks " + required);
            }
        }
        for (char c = 0; c < ASCII_IDS; c++) {
            asciiIds[c] = ids.getOrDefault(String.valueOf(c), -1);
        }
        unknownId = ids.getOrDefault("?", -1);
    }

    /**
     * Builds a vocabulary from sample texts: special tokens, tags, digits, printable ASCII and
     * every word (with and without a leading space) that occurs at least {@code minCount} times.
     */
    public static TaskTokenizer fromCorpus(Collection<String> texts, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                counts.merge(m.group(), 1, Integer::sum);
            }
        }
        List<String> vocab = new ArrayList<>(List.of(PAD, BOS, EOS));
        vocab.addAll(TAGS);
        for (char c = 32; c < 127; c++) {
            vocab.add(String.valueOf(c));
        }
        vocab.add("\n");
        vocab.add("\t");
        TreeSet<String> words = new TreeSet<>();
        counts.forEach((w, c) -> {
            if (c >= minCount && w.strip().length() > 1) {
                words.add(w);
            }
        });
        vocab.addAll(words);
        return new TaskTokenizer(vocab);
    }

    /** Restores a tokenizer from its vocabulary (as saved with a checkpoint). */
    public static TaskTokenizer fromVocabulary(List<String> vocabulary) {
        return new TaskTokenizer(vocabulary);
    }

    /**
     * Cuts the text as {@code </?[a-z]+>| ?[A-Za-z]+|[0-9]|\\s|.} would (DOTALL: "." is one code point),
     * scanning by hand because the regex and a boxed list cost most of a text-only import's tokenising.
     */
    @Override
    public int[] encode(String text) {
        int[] out = new int[Math.max(16, text.length() / 2)];
        int n = 0;
        int len = text.length();
        for (int i = 0; i < len; ) {
            int end = pieceEnd(text, i, len);
            int id = end == i + 1 ? charId(text.charAt(i)) : -1;
            if (id < 0) {
                Integer known = ids.get(text.substring(i, end));
                id = known == null ? -1 : known;
            }
            if (n + (end - i) > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, n + end - i));
            }
            if (id >= 0) {
                out[n++] = id;
            } else {
                // Unknown word or character: fall back to single characters; non-ASCII becomes '?'.
                for (int k = i; k < end; k++) {
                    int c = charId(text.charAt(k));
                    out[n++] = c >= 0 ? c : unknownId(text);
                }
            }
            i = end;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** End of the piece starting at {@code i}: the first alternative of the pattern above that matches. */
    private static int pieceEnd(String text, int i, int len) {
        char c = text.charAt(i);
        if (c == '<') {
            int j = i + 1 < len && text.charAt(i + 1) == '/' ? i + 2 : i + 1;
            int k = j;
            while (k < len && text.charAt(k) >= 'a' && text.charAt(k) <= 'z') {
                k++;
            }
            if (k > j && k < len && text.charAt(k) == '>') {
                return k + 1;
            }
        }
        int j = c == ' ' ? i + 1 : i;
        int k = j;
        while (k < len && isAsciiLetter(text.charAt(k))) {
            k++;
        }
        if (k > j) {
            return k;
        }
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
            return i + 2;
        }
        return i + 1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private int unknownId(String text) {
        if (unknownId < 0) {
            throw new IllegalArgumentException("this vocabulary has no '?' for the characters it lacks in: " + text);
        }
        return unknownId;
    }

    /** Id of a one-character token, or -1. */
    private int charId(char c) {
        if (c < ASCII_IDS) {
            return asciiIds[c];
        }
        Integer id = ids.get(String.valueOf(c));
        return id == null ? -1 : id;
    }

    @Override
    public String decodeToken(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + vocab.size());
        }
        return vocab.get(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int bosId() {
        return ids.get(BOS);
    }

    @Override
    public int eosId() {
        return ids.get(EOS);
    }

    @Override
    public int padId() {
        return ids.get(PAD);
    }

    @Override
    public int specialId(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("'" + token + "' is not a token of this vocabulary");
        }
        return id;
    }

    @Override
    public List<String> vocabulary() {
        return vocab;
    }
}
