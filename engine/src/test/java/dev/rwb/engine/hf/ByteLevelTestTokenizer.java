package dev.rwb.engine.hf;

import dev.rwb.engine.model.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** A stand-in tokenizer for id-level tests: token i is the text "<i>". */
final class ByteLevelTestTokenizer implements Tokenizer {
    private final int vocab;

    ByteLevelTestTokenizer(int vocab) {
        this.vocab = vocab;
    }

    @Override
    public int[] encode(String text) {
        throw new UnsupportedOperationException("id-level tests do not encode text");
    }

    @Override
    public String decodeToken(int id) {
        return "<" + id + ">";
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public int bosId() {
        return 0;
    }

    @Override
    public int eosId() {
        return 2;
    }

    @Override
    public int padId() {
        return 2;
    }

    @Override
    public int specialId(String token) {
        throw new IllegalArgumentException(token);
    }

    @Override
    public List<String> vocabulary() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < vocab; i++) {
            out.add(decodeToken(i));
        }
        return out;
    }
}
