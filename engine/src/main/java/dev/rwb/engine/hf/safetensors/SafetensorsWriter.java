package dev.rwb.engine.hf.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file: tensors are added with their raw little-endian bytes, then
 * {@link #write} lays them out contiguously in insertion order behind a JSON header padded with
 * spaces to a multiple of 8 bytes (as the reference implementation does, so every tensor starts
 * 8-aligned). The file is written to a temporary sibling and moved into place, so a crash never
 * leaves a half-written checkpoint under the final name.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tensor whose bytes come from {@code source} when the file is written. */
    private record Pending(String name, TensorDType dtype, long[] shape, ByteSource source, long bytes) {
    }

    /** Supplies a tensor's bytes (e.g. from a DJL array), called once while writing. */
    @FunctionalInterface
    public interface ByteSource {
        ByteBuffer bytes() throws IOException;
    }

    private final List<Pending> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter() {
        metadata.put("format", "pt");
    }

    /** Adds a {@code __metadata__} entry. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a tensor whose bytes are already at hand. */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        return add(name, dtype, shape, () -> copy, copy.remaining());
    }

    /** Adds a tensor whose bytes are produced on write (so large models are not held twice). */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, ByteSource source, long bytes) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (elements * dtype.bytes() != bytes) {
            throw new IllegalArgumentException("tensor " + name + ": " + bytes + " bytes for " + elements + " elements of "
                    + dtype.code());
        }
        for (Pending p : tensors) {
            if (p.name.equals(name)) {
                throw new IllegalArgumentException("tensor " + name + " added twice");
            }
        }
        tensors.add(new Pending(name, dtype, shape.clone(), source, bytes));
        return this;
    }

    /** Adds float32 values. */
    public SafetensorsWriter addFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return add(name, TensorDType.F32, shape, b);
    }

    /** Sum of the tensors' data bytes. */
    public long dataBytes() {
        return tensors.stream().mapToLong(Pending::bytes).sum();
    }

    /** Writes the file. */
    public void write(Path path) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Pending p : tensors) {
            ObjectNode t = header.putObject(p.name);
            t.put("dtype", p.dtype.code());
            ArrayNode shape = t.putArray("shape");
            for (long d : p.shape) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + p.bytes);
            offset += p.bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".partial");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, head);
            for (Pending p : tensors) {
                ByteBuffer data = p.source.bytes();
                if (data.remaining() != p.bytes) {
                    throw new IOException("tensor " + p.name + " produced " + data.remaining() + " bytes, expected " + p.bytes);
                }
                writeFully(out, data);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
