package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a checkpoint with random weights in real Hugging Face layout, for tests, benchmarks and the
 * GPU check (no weights can be downloaded here): matrices and biases N(0, std²), norm gains
 * 1 + N(0, (std/2)²) so that a loader which ignored them would be caught. Each tensor's values come
 * from its own stream split off the seed, so the bytes do not depend on the sharding.
 */
public final class RandomCheckpoint {
    private RandomCheckpoint() {
    }

    /**
     * Writes config.json, the weights in {@code dtype} ({@code shards} &gt; 1: that many shards of about
     * equal size plus the index) and a generation_config.json naming the EOS ids.
     */
    public static void write(Path dir, HfConfig config, TensorDType dtype, long seed, double std, int shards)
            throws IOException {
        Map<String, long[]> expected = HfTensorNames.expected(config);
        List<HfCheckpointWriter.Tensor> tensors = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        long total = 0;
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            SplittableRandom random = root.split();
            boolean gain = e.getKey().endsWith("norm.weight");
            long[] shape = e.getValue();
            tensors.add(new HfCheckpointWriter.Tensor(e.getKey(), dtype, shape,
                    () -> values(random, shape, dtype, gain ? 1 : 0, gain ? std / 2 : std)));
            total += tensors.get(tensors.size() - 1).byteLength();
        }
        String torchDtype = switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            default -> "float32";
        };
        HfConfig named = new HfConfig(config.modelType(), config.hiddenSize(), config.layers(), config.heads(),
                config.kvHeads(), config.headDim(), config.intermediateSize(), config.vocabSize(), config.rmsNormEps(),
                config.ropeTheta(), config.ropeScaling(), config.tiedEmbeddings(), config.maxPositions(),
                config.attentionBias(), config.bosTokenId(), config.eosTokenIds(), torchDtype);
        HfCheckpointWriter.writeConfig(dir, named.toJson());
        HfCheckpointWriter.writeWeights(dir, tensors, shards > 1 ? (total + shards - 1) / shards : 0);
        var generation = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        config.eosTokenIds().forEach(generation.putArray("eos_token_id")::add);
        java.nio.file.Files.writeString(dir.resolve("generation_config.json"), generation.toPrettyString());
    }

    private static ByteBuffer values(SplittableRandom random, long[] shape, TensorDType dtype, double mean, double std) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(n * dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            float v = (float) (mean + std * gaussian(random));
            switch (dtype) {
                case F32 -> out.putFloat(v);
                case BF16 -> out.putShort(HalfFloats.toBf16(v));
                case F16 -> out.putShort(Float16.fromFloat(v));
                default -> throw new IllegalArgumentException("random weights in " + dtype + " are not supported");
            }
        }
        return out.flip();
    }

    /** A standard normal draw (Box–Muller on two uniforms). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** float32 → IEEE half bits (Java 17 has no Float.floatToFloat16). */
    static final class Float16 {
        private Float16() {
        }

        static short fromFloat(float f) {
            int bits = Float.floatToIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
            int mantissa = bits & 0x7FFFFF;
            if (exp <= 0) {
                // below 2^-14 (half's subnormals): a signed zero, which only the few draws closest to 0 hit
                return (short) sign;
            }
            if (exp >= 31) {
                return (short) (sign | 0x7C00);
            }
            int half = sign | (exp << 10) | (mantissa >>> 13);
            // round to nearest even on the 13 dropped bits
            int dropped = mantissa & 0x1FFF;
            if (dropped > 0x1000 || dropped == 0x1000 && (half & 1) == 1) {
                half++;
            }
            return (short) half;
        }
    }
}
