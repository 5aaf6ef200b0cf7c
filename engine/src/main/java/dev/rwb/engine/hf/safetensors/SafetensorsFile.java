package dev.rwb.engine.hf.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file (format: 8-byte little-endian header length N, N bytes of JSON mapping
 * each tensor name to {dtype, shape, data_offsets [begin, end)} relative to the data section that
 * follows, plus an optional {@code __metadata__} string map). The header is validated completely
 * on open (offsets inside the file, sizes matching dtype × shape), so a truncated or corrupt file
 * fails before any weight is used. Tensor data is memory-mapped on demand, never read onto the heap.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Headers larger than this are not safetensors files (the reference implementation caps at 100 MB). */
    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates {@code path}; throws {@link SafetensorsException} naming the file (and tensor). */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(path + ": truncated safetensors file (" + size + " bytes, no header)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER) {
                throw new SafetensorsException(path + ": not a safetensors file (header length " + headerLength + ")");
            }
            if (8 + headerLength > size) {
                throw new SafetensorsException(path + ": truncated safetensors file (header of " + headerLength
                        + " bytes, file has " + size + ")");
            }
            ByteBuffer header = ByteBuffer.allocate(Math.toIntExact(headerLength));
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorEntry> tensors = parseHeader(path, new String(header.array(), StandardCharsets.UTF_8),
                    size - dataStart, metadata);
            return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(tensors),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Map<String, TensorEntry> parseHeader(Path path, String json, long dataBytes,
                                                        Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SafetensorsException(path + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(path + ": safetensors header is not a JSON object");
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String where = path + ": tensor " + name;
            String code = node.path("dtype").asText("");
            TensorDType dtype = TensorDType.ofCode(code);
            if (dtype == null) {
                throw new SafetensorsException(where + " has unsupported dtype \"" + code + "\" (supported: F32, F16, BF16, I64)");
            }
            JsonNode shapeNode = node.path("shape");
            JsonNode offsets = node.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new SafetensorsException(where + " lacks a shape or a [begin, end] data_offsets pair");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new SafetensorsException(where + " has a negative or non-numeric dimension");
                }
            }
            TensorEntry entry = new TensorEntry(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
            if (entry.begin() < 0 || entry.end() < entry.begin()) {
                throw new SafetensorsException(where + " has invalid data_offsets [" + entry.begin() + ", " + entry.end() + "]");
            }
            if (entry.byteLength() != entry.elements() * dtype.bytes()) {
                throw new SafetensorsException(where + " spans " + entry.byteLength() + " bytes but " + code
                        + " x " + java.util.Arrays.toString(shape) + " needs " + entry.elements() * dtype.bytes());
            }
            if (entry.end() > dataBytes) {
                throw new SafetensorsException(path + ": truncated safetensors file: tensor " + name + " ends at byte "
                        + entry.end() + " of the data section, which has only " + dataBytes);
            }
            tensors.put(name, entry);
        }
        return tensors;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Tensors in header order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings (e.g. {@code {"format": "pt"}}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Maps the bytes of one tensor, little-endian and read-only (a caller that needs to update the
     * weights in place copies them first; writing to the mapping faults). A tensor whose start is not aligned to its element size (never the case in files
     * written by the reference implementation, whose header is padded to 8 bytes) is copied into an
     * aligned direct buffer instead, as vectorised kernels expect aligned elements.
     */
    public ByteBuffer map(TensorEntry entry) throws IOException {
        if (entry.byteLength() == 0) {
            return ByteBuffer.allocateDirect(0);
        }
        long start = dataStart + entry.begin();
        ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, entry.byteLength())
                .order(ByteOrder.LITTLE_ENDIAN);
        if (start % entry.dtype().bytes() == 0) {
            return mapped;
        }
        ByteBuffer aligned = ByteBuffer.allocateDirect(Math.toIntExact(entry.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        aligned.put(mapped).flip();
        return aligned;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
