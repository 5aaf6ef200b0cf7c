package dev.rwb.engine.hf;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.model.ComputeDevice;

/**
 * How to load a model.
 *
 * @param device where the weights go (null: {@link ComputeDevice#select()}, the GPU when DJL sees one)
 * @param dtype compute dtype of the base weights: FLOAT32, FLOAT16 or BFLOAT16 (null: float16 on a GPU,
 *              float32 on the CPU). BFLOAT16 is mixed precision: the frozen base's matrices are held in
 *              bfloat16 and the weight matmuls run in bfloat16, everything else in float32 (see
 *              {@link HfDecoder}); trainable weights (full fine-tuning) stay float32 masters, rounded to
 *              bfloat16 for each matmul
 * @param trainable the base weights require gradients (full fine-tuning); false for scoring,
 *                  generation and LoRA, whose base stays frozen
 */
public record HfLoadOptions(Device device, DataType dtype, boolean trainable) {
    /** Inference on the default device in the default dtype. */
    public static HfLoadOptions defaults() {
        return new HfLoadOptions(null, null, false);
    }

    /** Inference on the CPU in float32 (tests, exact comparisons). */
    public static HfLoadOptions cpuFloat32() {
        return new HfLoadOptions(Device.cpu(), DataType.FLOAT32, false);
    }

    public HfLoadOptions withTrainable(boolean value) {
        return new HfLoadOptions(device, dtype, value);
    }

    public HfLoadOptions withDtype(DataType value) {
        return new HfLoadOptions(device, value, trainable);
    }

    public HfLoadOptions withDevice(Device value) {
        return new HfLoadOptions(value, dtype, trainable);
    }

    Device resolvedDevice() {
        return device != null ? device : ComputeDevice.select();
    }

    DataType resolvedDtype(Device on) {
        if (dtype != null) {
            if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16 && dtype != DataType.BFLOAT16) {
                throw new IllegalArgumentException("compute dtype must be float32, float16 or bfloat16, got " + dtype);
            }
            return dtype;
        }
        return on.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }
}
