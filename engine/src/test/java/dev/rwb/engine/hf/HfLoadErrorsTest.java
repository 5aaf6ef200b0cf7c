package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.SafetensorsFile;
import dev.rwb.engine.hf.safetensors.SafetensorsWriter;
import dev.rwb.engine.hf.safetensors.TensorEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a model directory can be broken gives one message naming the file and the tensor or field. */
class HfLoadErrorsTest {
    @TempDir
    Path tmp;

    private Path checkpoint() throws IOException {
        return TinyCheckpoints.write(tmp.resolve("m"), TinyCheckpoints.qwen2(), dev.rwb.engine.hf.safetensors.TensorDType.F32, 1);
    }

    private static String loadError(Path dir) {
        return assertThrows(HfModelException.class,
                () -> HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32()).close()).getMessage();
    }

    @Test
    void truncatedFileNamesFileAndTensor() throws IOException {
        Path dir = checkpoint();
        Path weights = dir.resolve("model.safetensors");
        try (FileChannel c = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 100);
        }
        String message = loadError(dir);
        assertTrue(message.contains(weights.toString()) && message.contains("truncated")
                && message.contains("model.norm.weight"), message);
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = checkpoint();
        Path weights = dir.resolve("model.safetensors");
        SafetensorsWriter rewritten = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            for (TensorEntry e : f.tensors().values()) {
                if (!e.name().equals("model.layers.1.mlp.up_proj.weight")) {
                    ByteBuffer copy = ByteBuffer.allocate((int) e.byteLength()).put(f.map(e)).flip();
                    rewritten.add(e.name(), e.dtype(), e.shape(), copy);
                }
            }
        }
        rewritten.write(weights);
        String message = loadError(dir);
        assertTrue(message.contains("model.layers.1.mlp.up_proj.weight") && message.contains("missing")
                && message.contains(dir.toString()), message);
    }

    @Test
    void shapeMismatchNamesFileAndTensor() throws IOException {
        Path dir = checkpoint();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\" : 96", "\"intermediate_size\" : 100"));
        String message = loadError(dir);
        assertTrue(message.contains(dir.resolve("model.safetensors").toString())
                && message.contains("model.layers.0.mlp.gate_proj.weight") && message.contains("[96, 64]")
                && message.contains("[100, 64]"), message);
    }

    @Test
    void unsupportedModelTypeNamesConfig() throws IOException {
        Path dir = checkpoint();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"model_type\" : \"qwen2\"", "\"model_type\" : \"gpt2\""));
        String message = loadError(dir);
        assertEquals(config + ": unsupported model_type \"gpt2\" (supported: llama, qwen2, qwen3)", message);
    }

    @Test
    void shardMissingFromIndexIsNamed() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("s"), TinyCheckpoints.llama(), dev.rwb.engine.hf.safetensors.TensorDType.F32, 2);
        Path index = dir.resolve(HfModelDirectory.INDEX);
        Files.writeString(index, Files.readString(index).replace("model-00002-of", "model-00009-of"));
        String message = assertThrows(HfModelException.class, () -> HfModelDirectory.of(dir).weightFiles()).getMessage();
        assertTrue(message.contains(index.toString()) && message.contains("model-00009-of"), message);
    }

    @Test
    void hubIdResolvesThroughTheCacheOffline() throws IOException {
        Path hub = tmp.resolve("hf-home").resolve("hub");
        Path repo = hub.resolve("models--Qwen--Qwen2.5-0.5B-Instruct");
        Path snapshot = repo.resolve("snapshots").resolve("7ae557604adf67be50417f59c2c2f167def9a775");
        TinyCheckpoints.write(snapshot, TinyCheckpoints.qwen2(), dev.rwb.engine.hf.safetensors.TensorDType.F32, 1);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs").resolve("main"), "7ae557604adf67be50417f59c2c2f167def9a775");
        Map<String, String> env = Map.of("HF_HOME", tmp.resolve("hf-home").toString());
        assertEquals(snapshot, HfModelDirectory.resolve("Qwen/Qwen2.5-0.5B-Instruct", env).path());
        assertEquals(snapshot, HfModelDirectory.resolve("Qwen/Qwen2.5-0.5B-Instruct", Map.of("HF_HUB_CACHE", hub.toString())).path());
        assertEquals(1, HfCache.entries(env).size());
        assertEquals("qwen2", HfCache.entries(env).get(0).modelType());
        String missing = assertThrows(HfModelException.class,
                () -> HfModelDirectory.resolve("Qwen/Qwen3-0.6B", env)).getMessage();
        assertTrue(missing.contains("models--Qwen--Qwen3-0.6B") && missing.contains("not in the Hugging Face cache"), missing);
    }
}
