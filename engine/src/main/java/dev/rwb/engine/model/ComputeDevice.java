package dev.rwb.engine.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Chooses where the model runs: the first GPU when DJL's engine sees one (a CUDA build of libtorch,
 * see docs/CUDA.md), else the CPU; and how many intra-op threads libtorch uses on the CPU.
 */
public final class ComputeDevice {
    private ComputeDevice() {
    }

    /** GPU 0 when the engine reports a GPU, otherwise the CPU. */
    public static Device select() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * Sets libtorch's intra-op thread count (0 keeps the engine default, one per core). Inter-op
     * parallelism is pinned to 1: a small model gains nothing from it and it oversubscribes the cores.
     */
    public static void configureThreads(int intraOpThreads) {
        Engine.getInstance();
        if (intraOpThreads > 0) {
            JniUtils.setNumThreads(intraOpThreads);
        }
        if (JniUtils.getNumInteropThreads() != 1) {
            try {
                JniUtils.setNumInteropThreads(1);
            } catch (RuntimeException alreadyStarted) {
                // libtorch allows this only before the first parallel op; keep its current value then
            }
        }
    }

    /** A one-line description such as "cpu (PyTorch 2.7.1, 2 threads)". */
    public static String describe(Device device) {
        Engine engine = Engine.getInstance();
        return device + " (" + engine.getEngineName() + " " + engine.getVersion() + ", "
                + JniUtils.getNumThreads() + " threads)";
    }
}
