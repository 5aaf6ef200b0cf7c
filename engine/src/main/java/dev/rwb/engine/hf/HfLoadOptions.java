package dev.rwb.engine.hf;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.model.ComputeDevice;

/**
 * How to load a model.
 *
 * @param device where the weights go (null: {@link ComputeDevice#select()}, the GPU when DJL sees one)
 * @param dtype compute dtype of the base weights: FLOAT32 or FLOAT16 (null: float16 on a GPU, float32
 *              on the CPU). bfloat16 is refused: DJL 0.35's PyTorch bridge has no bfloat16 tensors
 *              (libtorch aborts the process on the conversion), so bfloat16 checkpoints are widened
 *              on load and computed in float16 or float32
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
            if (dtype == DataType.BFLOAT16) {
                throw new IllegalArgumentException("bfloat16 compute is not available: DJL 0.35's PyTorch bridge "
                        + "cannot create bfloat16 tensors; use float16 (GPU) or float32");
            }
            if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
                throw new IllegalArgumentException("compute dtype must be float32 or float16, got " + dtype);
            }
            return dtype;
        }
        return on.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }
}
