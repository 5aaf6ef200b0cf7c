package dev.rwb.engine.hf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** bfloat16 ↔ float32 conversions in Java, for the tensors DJL cannot pass to libtorch as bfloat16 buffers. */
final class HalfFloats {
    private HalfFloats() {
    }

    /** Widens little-endian bfloat16 values into a new direct float32 buffer (exact: bf16 is a float's top 16 bits). */
    static ByteBuffer bf16ToF32(ByteBuffer bf16) {
        ShortBuffer in = bf16.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        ByteBuffer out = ByteBuffer.allocateDirect(in.remaining() * 4).order(ByteOrder.nativeOrder());
        FloatBuffer f = out.asFloatBuffer();
        while (in.hasRemaining()) {
            f.put(Float.intBitsToFloat((in.get() & 0xFFFF) << 16));
        }
        return out;
    }

    /** Narrows float32 values to little-endian bfloat16, round to nearest even (as libtorch does). */
    static ByteBuffer f32ToBf16(float[] values) {
        ByteBuffer out = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putShort(toBf16(v));
        }
        return out.flip();
    }

    /** One float32 → bfloat16 bits, round to nearest even on the 16 dropped bits (NaN stays NaN). */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
