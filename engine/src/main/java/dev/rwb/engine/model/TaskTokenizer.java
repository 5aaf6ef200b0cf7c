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

    private static final Pattern PIECES = Pattern.compile("</?[a-z]+>| ?[A-Za-z]+|[0-9]|\\s|.", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile(" ?[A-Za-z]+");

    private final List<String> vocab;
    private final Map<String, Integer> ids;

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

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            String piece = m.group();
            Integer id = ids.get(piece);
            if (id != null) {
                out.add(id);
                continue;
            }
            // Unknown word or character: fall back to single characters; non-ASCII becomes '?'.
            for (int i = 0; i < piece.length(); i++) {
                Integer c = ids.get(String.valueOf(piece.charAt(i)));
                out.add(c != null ? c : ids.get("?"));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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
