package dev.rwb.engine.model;

import ai.djl.Device;
import ai.djl.nn.ParameterList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @Test
    void savedAndLoadedModelIsBitExact(@TempDir Path dir) {
        GptConfig config = TestModels.tinyConfig().positions(PositionEncoding.ROPE).tiedHead(false).seed(99).build();
        try (GptPolicy original = TestModels.policy(config)) {
            // one training step so the weights are not just the seeded initialisation
            new SupervisedTrainer(original, OptimizerSettings.constantAdam(1e-2f), TrainingListener.NONE)
                    .step(List.of(new int[] {1, 5, 6, 7}), List.of(new float[] {0, 1, 1, 1}));
            Checkpoint.save(original, dir);
            try (GptPolicy loaded = Checkpoint.load(dir, Device.cpu())) {
                assertEquals(config, loaded.model().config());
                assertEquals(original.tokenizer().vocabulary(), loaded.tokenizer().vocabulary());
                ParameterList a = original.model().getParameters();
                ParameterList b = loaded.model().getParameters();
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.keyAt(i), b.keyAt(i));
                    assertEquals(a.valueAt(i).getArray().getShape(), b.valueAt(i).getArray().getShape());
                    assertArrayEquals(a.valueAt(i).getArray().toFloatArray(), b.valueAt(i).getArray().toFloatArray(), 0f, a.keyAt(i));
                }
                List<int[]> sequences = List.of(TestModels.randomTokens(new Random(3), 12), TestModels.randomTokens(new Random(4), 5));
                float[][][] s1 = original.scoring().score(original.manager(), sequences);
                float[][][] s2 = loaded.scoring().score(loaded.manager(), sequences);
                for (int k = 0; k < sequences.size(); k++) {
                    assertArrayEquals(s1[k][0], s2[k][0], 0f);
                    assertArrayEquals(s1[k][1], s2[k][1], 0f);
                }
            }
        }
    }

    @Test
    void missingOrBrokenFilesAreNamedInTheError(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir, Device.cpu()));
        assertTrue(missing.getMessage().contains(Checkpoint.CONFIG), missing.getMessage());
        try (GptPolicy p = TestModels.policy(TestModels.tinyConfig().build())) {
            Checkpoint.save(p, dir);
        }
        Files.writeString(dir.resolve(Checkpoint.VOCABULARY), "[\"a\", \"b\"]");
        IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir, Device.cpu()));
        assertTrue(vocab.getMessage().contains(Checkpoint.VOCABULARY), vocab.getMessage());
    }
}
