package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rwb.engine.hf.safetensors.SafetensorsException;
import dev.rwb.engine.hf.safetensors.SafetensorsFile;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.hf.safetensors.TensorEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of a model directory across its safetensors shards. Each tensor is memory-mapped and
 * handed to libtorch as a direct buffer, which a CPU tensor of the stored dtype uses in place (the
 * page cache is the only copy). A dtype conversion, a move to the GPU or weights that training will
 * update in place (the mapping is read-only) make one copy, and the mapped view is dropped right
 * after, so weights are never held twice.
 */
final class HfWeights implements AutoCloseable {
    private record Located(SafetensorsFile file, TensorEntry entry) {
    }

    private final HfModelDirectory dir;
    private final List<SafetensorsFile> files;
    private final Map<String, Located> tensors = new LinkedHashMap<>();

    private HfWeights(HfModelDirectory dir, List<SafetensorsFile> files) {
        this.dir = dir;
        this.files = files;
    }

    static HfWeights open(HfModelDirectory dir) {
        List<Path> paths = dir.weightFiles();
        Map<String, String> index = dir.weightMap();
        List<SafetensorsFile> opened = new java.util.ArrayList<>();
        try {
            for (Path p : paths) {
                opened.add(SafetensorsFile.open(p));
            }
        } catch (IOException e) {
            closeAll(opened);
            throw new HfModelException("cannot read weights in " + dir + ": " + e.getMessage(), e);
        } catch (SafetensorsException e) {
            closeAll(opened);
            throw new HfModelException(e.getMessage(), e);
        }
        HfWeights w = new HfWeights(dir, opened);
        for (SafetensorsFile f : opened) {
            for (TensorEntry e : f.tensors().values()) {
                w.tensors.putIfAbsent(e.name(), new Located(f, e));
            }
        }
        for (Map.Entry<String, String> e : index.entrySet()) {
            Located at = w.tensors.get(e.getKey());
            if (at == null || !at.file.path().getFileName().toString().equals(e.getValue())) {
                w.close();
                throw new HfModelException(dir.path().resolve(e.getValue()) + ": tensor " + e.getKey()
                        + " is listed in " + HfModelDirectory.INDEX + " but missing from this shard");
            }
        }
        return w;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * Loads tensor {@code name} with the given shape into {@code manager} as {@code type};
     * {@code writable} copies it off the read-only mapping. Errors name the file and the tensor.
     */
    NDArray load(String name, long[] shape, NDManager manager, DataType type, boolean writable) {
        Located at = tensors.get(name);
        if (at == null) {
            throw new HfModelException(dir + ": tensor " + name + " is missing (looked in "
                    + files.stream().map(f -> f.path().getFileName().toString()).toList() + ")");
        }
        if (!Arrays.equals(at.entry.shape(), shape)) {
            throw new HfModelException(at.file.path() + ": tensor " + name + " has shape " + Arrays.toString(at.entry.shape())
                    + ", but config.json implies " + Arrays.toString(shape));
        }
        ByteBuffer bytes;
        try {
            bytes = at.file.map(at.entry);
        } catch (IOException e) {
            throw new HfModelException(at.file.path() + ": cannot map tensor " + name + ": " + e.getMessage(), e);
        }
        DataType stored = at.entry.dtype().djl();
        if (at.entry.dtype() == TensorDType.BF16) {
            // DJL 0.35 cannot create a bfloat16 tensor from a buffer (libtorch aborts): widen in Java,
            // exactly (bf16 is the top half of a float32), and let libtorch narrow again if asked
            bytes = HalfFloats.bf16ToF32(bytes);
            stored = DataType.FLOAT32;
            writable = false;
        }
        NDArray mapped = manager.create(bytes, new Shape(shape), stored);
        if (stored == type && (!writable || manager.getDevice().isGpu())) {
            return mapped;
        }
        NDArray converted = stored == type ? mapped.duplicate() : mapped.toType(type, true);
        mapped.close();
        return converted;
    }

    @Override
    public void close() {
        closeAll(files);
    }

    private static void closeAll(List<SafetensorsFile> files) {
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to flush, nothing lost
            }
        }
    }
}
