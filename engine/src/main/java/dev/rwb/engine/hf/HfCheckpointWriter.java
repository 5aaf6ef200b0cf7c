package dev.rwb.engine.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.hf.safetensors.SafetensorsWriter;
import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes weights in Hugging Face layout: {@code model.safetensors}, or shards
 * {@code model-0000i-of-0000n.safetensors} plus {@code model.safetensors.index.json} (weight_map and
 * metadata.total_size) when they exceed the shard size, as transformers' save_pretrained does.
 */
public final class HfCheckpointWriter {
    /** One tensor to write, its bytes produced when its shard is written. */
    public record Tensor(String name, TensorDType dtype, long[] shape, SafetensorsWriter.ByteSource bytes) {
        long byteLength() {
            long n = dtype.bytes();
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfCheckpointWriter() {
    }

    /**
     * Writes {@code tensors} into {@code dir}, starting a new shard whenever the next tensor would take
     * the current one past {@code maxShardBytes} (≤ 0: a single file).
     */
    public static void writeWeights(Path dir, List<Tensor> tensors, long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        List<List<Tensor>> shards = new ArrayList<>();
        long current = 0;
        for (Tensor t : tensors) {
            if (shards.isEmpty() || maxShardBytes > 0 && current > 0 && current + t.byteLength() > maxShardBytes) {
                shards.add(new ArrayList<>());
                current = 0;
            }
            shards.get(shards.size() - 1).add(t);
            current += t.byteLength();
        }
        Files.deleteIfExists(dir.resolve(HfModelDirectory.INDEX));
        if (shards.size() == 1) {
            write(shards.get(0), dir.resolve("model.safetensors"));
            return;
        }
        Files.deleteIfExists(dir.resolve("model.safetensors"));
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            write(shards.get(i), dir.resolve(file));
            for (Tensor t : shards.get(i)) {
                weightMap.put(t.name(), file);
                total += t.byteLength();
            }
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        Files.writeString(dir.resolve(HfModelDirectory.INDEX), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
    }

    private static void write(List<Tensor> tensors, Path file) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Tensor t : tensors) {
            writer.add(t.name(), t.dtype(), t.shape(), t.bytes(), t.byteLength());
        }
        writer.write(file);
    }

    /** Writes {@code config} as config.json. */
    public static void writeConfig(Path dir, ObjectNode config) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }
}
