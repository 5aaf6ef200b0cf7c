package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * dtype casts that keep the autograd graph. DJL 0.35's {@code toType} is not recorded by autograd
 * (a loss computed after it "does not require grad"), so under grad mode a cast is written with ops
 * that are: widening multiplies by a float32 one of shape (1), which type promotion makes float32;
 * narrowing copies into a buffer of the narrow dtype (an in-place copy, differentiable). Without
 * grad mode (scoring, sampling) the plain, cheaper {@code toType} is used.
 */
final class Casts {
    private Casts() {
    }

    /** {@code x} as float32. */
    static NDArray toFloat32(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        if (!JniUtils.isGradMode()) {
            return x.toType(DataType.FLOAT32, false);
        }
        return x.mul(x.getManager().ones(new Shape(1), DataType.FLOAT32));
    }

    /** {@code x} as {@code type} (float16 or float32). */
    static NDArray to(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        if (type == DataType.FLOAT32) {
            return toFloat32(x);
        }
        if (!JniUtils.isGradMode()) {
            return x.toType(type, false);
        }
        NDArray narrow = x.getManager().zeros(x.getShape(), type);
        narrow.set(new NDIndex("..."), x);
        return narrow;
    }
}
