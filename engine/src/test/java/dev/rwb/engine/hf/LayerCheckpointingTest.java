package dev.rwb.engine.hf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.model.PaddedBatch;
import dev.rwb.engine.model.TokenScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checkpointing gives the gradients of an ordinary backward (within 1e-5, float32) for
 * every trainable parameter: full fine-tuning (embedding, every layer, final norm, tied head) of a
 * Qwen2 and LoRA adapters of a Qwen3, on a padded batch with a loss over log-probs and entropies.
 */
class LayerCheckpointingTest {
    @TempDir
    Path tmp;

    @Test
    void fullFineTuningGradientsEqualAnOrdinaryBackward() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("q2"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withTrainable(true))) {
            assertSameGradients(model);
        }
    }

    @Test
    void loraGradientsEqualAnOrdinaryBackward() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("q3"), TinyCheckpoints.qwen3(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            LoraAdapter lora = model.enableLora(LoraSettings.allProjections(4, 8));
            // B = 0 at init would make dL/dA zero everywhere: give B values so both A and B get gradients
            SplittableRandom r = new SplittableRandom(3);
            for (Parameter p : lora.parameters()) {
                float[] v = new float[Math.toIntExact(p.getArray().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * 0.05);
                }
                p.getArray().set(v);
            }
            assertSameGradients(model);
        }
    }

    @Test
    void aSecondForwardBeforeTheBackwardIsRefused() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("twice"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withTrainable(true))) {
            model.setGradientCheckpointing(true);
            List<int[]> rows = List.of(ids(8, 1));
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector ignored = Engine.getInstance().newGradientCollector()) {
                NDArray batch = step.create(PaddedBatch.rightPadded(rows, 0).ids(), new Shape(1, 8));
                model.scoring().scores(batch, null, false);
                IllegalStateException twice = assertThrows(IllegalStateException.class,
                        () -> model.scoring().scores(batch, null, false));
                assertTrue(twice.getMessage().contains("completeBackward"), twice.getMessage());
            }
        }
    }

    private static void assertSameGradients(HfModel model) {
        List<int[]> rows = List.of(ids(12, 1), ids(7, 2), ids(10, 3));
        List<float[]> plain = gradients(model, rows);
        model.setGradientCheckpointing(true);
        List<float[]> checkpointed = gradients(model, rows);
        model.setGradientCheckpointing(false);
        List<Parameter> params = model.trainableParameters();
        double worst = 0;
        double largest = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] a = plain.get(p);
            float[] b = checkpointed.get(p);
            assertEquals(a.length, b.length);
            double norm = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                largest = Math.max(largest, Math.abs(a[i]));
                norm += a[i] * a[i];
            }
            assertTrue(norm > 0, params.get(p).getName() + " got no gradient");
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, params.get(p).getName() + "[" + i + "]");
            }
        }
        System.out.printf("checkpointed vs plain gradients (%d tensors): max |Δ| %.2e, max |g| %.2e%n",
                params.size(), worst, largest);
        assertFalse(model.gradientCheckpointing());
    }

    /** Gradients of L = Σ_t w_t·log π(x_t) + 0.1·Σ_t H_t over a padded batch, one array per trainable parameter. */
    private static List<float[]> gradients(HfModel model, List<int[]> rows) {
        List<float[]> out = new ArrayList<>();
        try (NDManager step = model.manager().newSubManager()) {
            PaddedBatch padded = PaddedBatch.rightPadded(rows, model.padId());
            Shape shape = new Shape(padded.rows(), padded.columns());
            NDArray ids = step.create(padded.ids(), shape);
            NDArray mask = step.create(padded.mask(), shape);
            float[] w = new float[padded.rows() * padded.columns()];
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            NDArray weights = step.create(w, shape);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TokenScores s = model.scoring().scores(ids, mask, true);
                NDArray loss = s.logprobs().mul(weights).sum().add(s.entropies().sum().mul(0.1f));
                collector.backward(loss);
                model.completeBackward();
            }
            for (Parameter p : model.trainableParameters()) {
                out.add(p.getArray().getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
        return out;
    }

    private static int[] ids(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 5 + r.nextInt(290);
        }
        return ids;
    }
}
