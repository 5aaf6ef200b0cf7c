package dev.rwb.engine.interop;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.chat.TokenizerConfig;
import dev.rwb.engine.model.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (any model type: BPE, WordPiece, WordLevel, Unigram) through
 * DJL's native tokenizers library, offline. Token texts come from the encoding's character offsets,
 * so byte-level BPE tokens show as the characters they cover, not as {@code Ġ}-style symbols.
 * Loaded from a model folder ({@link #loadModel}), its special tokens and end-of-sequence ids come
 * from the folder's {@code tokenizer_config.json} and {@code generation_config.json}.
 */
public final class HfTokenizer implements Tokenizer, TextPieces, AutoCloseable {
    private static final List<String> BOS_NAMES = List.of("<s>", "<bos>", "<|begin_of_text|>", "[CLS]", "<|im_start|>");
    private static final List<String> EOS_NAMES = List.of("</s>", "<eos>", "<|endoftext|>", "<|end_of_text|>",
            "<|im_end|>", "[SEP]");
    private static final List<String> PAD_NAMES = List.of("<pad>", "[PAD]", "<|pad|>", "<|endoftext|>");

    private final HuggingFaceTokenizer hf;
    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final TokenizerConfig config;
    /** The Java path for byte-level BPE files ({@link ByteLevelBpe}); null for other models. */
    private final ByteLevelBpe fast;
    private final boolean ownsNative;

    private HfTokenizer(HuggingFaceTokenizer hf, List<String> vocabulary, TokenizerConfig config, ByteLevelBpe fast) {
        this(hf, vocabulary, config, fast, true);
    }

    private HfTokenizer(HuggingFaceTokenizer hf, List<String> vocabulary, TokenizerConfig config, ByteLevelBpe fast,
                        boolean ownsNative) {
        this.hf = hf;
        this.fast = fast;
        this.ownsNative = ownsNative;
        this.vocabulary = vocabulary;
        this.config = config;
        this.ids = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            if (vocabulary.get(i) != null) {
                ids.putIfAbsent(vocabulary.get(i), i);
            }
        }
    }

    /** Loads a {@code tokenizer.json}; adds no special tokens and never truncates. */
    public static HfTokenizer load(Path tokenizerJson) throws IOException {
        return load(tokenizerJson, new TokenizerConfig(null, null, null, null, null, null, List.of()));
    }

    /**
     * Loads the tokenizer of a Hugging Face model folder: its {@code tokenizer.json}, with special
     * tokens from {@code tokenizer_config.json} and end-of-sequence ids from {@code generation_config.json}.
     */
    public static HfTokenizer loadModel(Path modelDir) throws IOException {
        return load(modelDir.resolve("tokenizer.json"), TokenizerConfig.read(modelDir));
    }

    private static HfTokenizer load(Path tokenizerJson, TokenizerConfig config) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException(tokenizerJson + ": no such tokenizer file");
        }
        JsonNode root = readJson(tokenizerJson);
        List<String> vocab = readVocabulary(root);
        ByteLevelBpe fast = ByteLevelBpe.of(root).orElse(null);
        root = null; // the parsed tree (a few hundred MB for a large vocabulary) may go before the native copy loads
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false",
                "padding", "false", "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options), vocab, config, fast);
        } catch (RuntimeException e) {
            throw new IOException(tokenizerJson + ": not a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads id → token from {@code model.vocab} (a map or a Unigram list) and {@code added_tokens}. */
    private static List<String> readVocabulary(JsonNode root) {
        Map<Integer, String> byId = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            vocab.fields().forEachRemaining(e -> byId.put(e.getValue().asInt(), e.getKey()));
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                byId.put(i, vocab.get(i).path(0).asText());
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            byId.put(added.path("id").asInt(), added.path("content").asText());
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] out = new String[size];
        byId.forEach((id, token) -> {
            if (id >= 0) {
                out[id] = token;
            }
        });
        return java.util.Collections.unmodifiableList(new ArrayList<>(Arrays.asList(out)));
    }

    @Override
    public int[] encode(String text) {
        long[] raw = hf.encode(text, false, false).getIds();
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = Math.toIntExact(raw[i]);
        }
        return out;
    }

    /**
     * Splits by character offsets (code points, converted to string indices): token i shows the input from its start to the next token's start
     * (the first from 0, the last to the end), so the pieces concatenate to exactly the input. Byte-level
     * BPE files take the Java path ({@link ByteLevelBpe}) where it can promise the native result.
     */
    @Override
    public void split(String text, PieceConsumer out) {
        if (fast == null || !fast.trySplit(text, out)) {
            splitNative(text, out);
        }
    }

    /**
     * The same tokenizer without its Java path, sharing this one's native library handle (closing the
     * view leaves it open): tests import through both and compare.
     */
    HfTokenizer withoutFastPath() {
        return new HfTokenizer(hf, vocabulary, config, null, false);
    }

    /** The Java path of this tokenizer, or null when its model is not byte-level BPE (tests). */
    ByteLevelBpe fastPath() {
        return fast;
    }

    /** {@link #split} through the native library only. */
    void splitNative(String text, PieceConsumer out) {
        if (text.isEmpty()) {
            return;
        }
        Encoding enc = hf.encode(text, false, false);
        long[] raw = enc.getIds();
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] starts = new int[raw.length];
        int codePoints = text.codePointCount(0, text.length());
        int previous = 0;
        int previousUtf16 = 0;
        for (int i = 0; i < raw.length; i++) {
            CharSpan s = spans == null || i >= spans.length ? null : spans[i];
            // Offsets count code points (the native side's chars); they must not go backwards or past
            // the end; special tokens have no span.
            int start = i == 0 || s == null ? previous : Math.max(previous, Math.min(s.getStart(), codePoints));
            // Code point offset → UTF-16 index, walking forward from the previous token.
            starts[i] = text.offsetByCodePoints(previousUtf16, start - previous);
            previous = start;
            previousUtf16 = starts[i];
        }
        for (int i = 0; i < raw.length; i++) {
            int end = i + 1 < raw.length ? starts[i + 1] : text.length();
            out.accept(Math.toIntExact(raw[i]), text.substring(starts[i], end));
        }
    }

    @Override
    public String decodeToken(int id) {
        return hf.decode(new long[]{id}, false);
    }

    /** Decodes the ids together, so a character split over several byte-level tokens comes out whole. */
    @Override
    public String decode(int[] tokenIds) {
        long[] raw = new long[tokenIds.length];
        for (int i = 0; i < tokenIds.length; i++) {
            raw[i] = tokenIds[i];
        }
        return hf.decode(raw, false);
    }

    /** The folder's {@code tokenizer_config.json} and {@code generation_config.json} (empty for a lone file). */
    public TokenizerConfig config() {
        return config;
    }

    /**
     * Every id that ends generation: {@code generation_config.json}'s {@code eos_token_id}s and the
     * {@code eos_token} of {@code tokenizer_config.json} (e.g. Qwen instruct models stop on
     * {@code <|im_end|>} and {@code <|endoftext|>}); the name-based guess for a lone file.
     */
    public int[] eosIds() {
        java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>(config.generationEosIds());
        int eos = eosId();
        if (eos >= 0) {
            out.add(eos);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The texts of {@link #eosIds()}, as they appear in rendered chats. */
    public List<String> eosTokens() {
        List<String> out = new ArrayList<>();
        for (int id : eosIds()) {
            if (id >= 0 && id < vocabulary.size() && vocabulary.get(id) != null) {
                out.add(vocabulary.get(id));
            }
        }
        return out;
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    /** The config's {@code bos_token}; else the first conventional BOS name in the vocabulary; -1 if none. */
    @Override
    public int bosId() {
        return configured(config.bosToken(), BOS_NAMES);
    }

    /** The config's {@code eos_token}; else the first conventional EOS name in the vocabulary; -1 if none. */
    @Override
    public int eosId() {
        return configured(config.eosToken(), EOS_NAMES);
    }

    /** The config's {@code pad_token}; else the first conventional padding name; -1 if none. */
    @Override
    public int padId() {
        return configured(config.padToken(), PAD_NAMES);
    }

    private int configured(String token, List<String> fallback) {
        Integer id = token == null ? null : ids.get(token);
        return id != null ? id : firstKnown(fallback);
    }

    @Override
    public int specialId(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("'" + token + "' is not a token of this tokenizer.json");
        }
        return id;
    }

    /** Tokens by id; an id the file does not define is null. */
    @Override
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** Id of the first of {@code names} in the vocabulary, or -1 when it has none of them. */
    private int firstKnown(List<String> names) {
        for (String n : names) {
            Integer id = ids.get(n);
            if (id != null) {
                return id;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (ownsNative) {
            hf.close();
        }
    }
}
