package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A Qwen3-shaped checkpoint in real Hugging Face layout whose next token is a function of the last
 * token: a bigram table written into the weights, so a test knows what the model can write. Each
 * token of the table gets its own residual direction (embedding √H·e_k, so the RMS norms keep it), the
 * untied LM head gives each successor of k the logit {@code MARGIN} on e_k (several successors share
 * the probability equally), and attention and MLP weights are small ({@code ATTENTION_STD}) beside it. Every other token's
 * logit is about 0, far below a successor's.
 */
public final class ScriptedCheckpoint {
    /** Logit of a successor over every other token. */
    static final float MARGIN = 30f;
    /** Std of the attention and MLP weights: small beside the scripted direction, large enough for LoRA to move the logits. */
    static final double ATTENTION_STD = 0.1;

    private ScriptedCheckpoint() {
    }

    /**
     * Writes the checkpoint, the given tokenizer files beside it.
     *
     * @param successors token id → the ids that may follow it (equally likely); at most {@code hidden} tokens in all
     */
    public static Path write(Path dir, Map<Integer, Set<Integer>> successors, Path tokenizerDir, long seed)
            throws IOException {
        int hidden = 32;
        HfConfig config = HfConfig.builder("qwen3").hidden(hidden).layers(1).heads(4).kvHeads(2).headDim(8)
                .intermediate(64).vocab(151936).tied(false).eos(List.of(151645, 151643)).build();
        Map<Integer, Integer> direction = new HashMap<>();
        successors.forEach((from, to) -> {
            direction.putIfAbsent(from, direction.size());
            to.forEach(t -> direction.putIfAbsent(t, direction.size()));
        });
        if (direction.size() > hidden) {
            throw new IllegalArgumentException(direction.size() + " scripted tokens need more than " + hidden + " dimensions");
        }
        float scale = (float) Math.sqrt(hidden);
        Map<String, long[]> expected = HfTensorNames.expected(config);
        List<HfCheckpointWriter.Tensor> tensors = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            SplittableRandom random = root.split();
            tensors.add(new HfCheckpointWriter.Tensor(name, TensorDType.F32, shape, () -> {
                int rows = (int) shape[0];
                int cols = shape.length > 1 ? (int) shape[1] : 1;
                float[] v = new float[rows * cols];
                if (name.equals("model.embed_tokens.weight")) {
                    direction.forEach((token, d) -> v[token * cols + d] = scale);
                } else if (name.equals("lm_head.weight")) {
                    successors.forEach((from, to) -> to.forEach(t -> v[t * cols + direction.get(from)] = MARGIN / scale));
                    // each scripted token's row also reads the dimensions no token uses (where only attention
                    // writes), each row differently: without it the successors of a branch would share one
                    // row, their gradients would cancel, and training could not tell them apart
                    for (int t : direction.keySet()) {
                        for (int d = direction.size(); d < cols; d++) {
                            v[t * cols + d] = (float) (0.5 * gaussian(random));
                        }
                    }
                } else if (name.endsWith("norm.weight")) {
                    java.util.Arrays.fill(v, 1f);
                } else {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (ATTENTION_STD * gaussian(random));
                    }
                }
                ByteBuffer out = ByteBuffer.allocateDirect(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                out.asFloatBuffer().put(v);
                return out;
            }));
        }
        HfCheckpointWriter.writeConfig(dir, config.toJson());
        HfCheckpointWriter.writeWeights(dir, tensors, 0);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tokenizerDir.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /**
     * The bigram table that writes the given texts after {@code start}: each text's ids form a chain
     * from {@code start}; where texts share a token with different successors, each is equally likely.
     */
    public static Map<Integer, Set<Integer>> chains(int start, List<int[]> texts) {
        Map<Integer, Set<Integer>> table = new LinkedHashMap<>();
        for (int[] ids : texts) {
            int previous = start;
            for (int id : ids) {
                table.computeIfAbsent(previous, k -> new java.util.LinkedHashSet<>()).add(id);
                previous = id;
            }
        }
        return table;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
