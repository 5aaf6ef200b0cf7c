package dev.rwb.engine.hf.safetensors;

import java.util.Arrays;

/**
 * One tensor of a safetensors header.
 *
 * @param name tensor name (Hugging Face parameter name, e.g. {@code model.layers.0.mlp.up_proj.weight})
 * @param dtype element type
 * @param shape dimensions, row-major
 * @param begin first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 */
public record TensorEntry(String name, TensorDType dtype, long[] shape, long begin, long end) {
    /** Number of elements (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype.code() + Arrays.toString(shape);
    }
}
