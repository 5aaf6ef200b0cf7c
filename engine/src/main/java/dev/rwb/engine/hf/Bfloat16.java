package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * bfloat16 tensors on DJL 0.35. DJL's PyTorch JNI maps only its dtype codes 0-8 to torch scalar
 * types, so {@code toType(BFLOAT16)} or creating a bfloat16 array terminates libtorch; every op on an
 * existing bfloat16 tensor (matmul, embedding, mul, add, copy, autograd) works. The one missing op,
 * {@code x.to(torch.bfloat16)}, runs here as a TorchScript module shipped with the engine
 * ({@code bfloat16-cast.pt}, written by {@code engine/src/main/torchscript/bfloat16_cast.py}); its
 * call is recorded by autograd like any op when grad mode is on.
 *
 * <p>DJL reports a bfloat16 tensor's data type as {@link DataType#UNKNOWN} (its JNI has no code for it);
 * {@link #is} is the test the decoder uses. Widening back is DJL's own {@code toType(FLOAT32)}
 * or, under autograd, a multiplication by a float32 one (see {@link Casts}).
 */
final class Bfloat16 {
    private static final String RESOURCE = "bfloat16-cast.pt";
    private static PtSymbolBlock module;
    private static ParameterStore store;

    private Bfloat16() {
    }

    /** {@code x} rounded to bfloat16 (round-to-nearest-even, as torch does); differentiable in grad mode. */
    static NDArray narrow(NDArray x) {
        if (is(x)) {
            return x;
        }
        // training=true: DJL would otherwise run the module under a no-grad guard
        return cast().forward(store, new NDList(x), true).get(0);
    }

    /** True for a tensor this class made (DJL sees bfloat16 as UNKNOWN). */
    static boolean is(NDArray x) {
        return x.getDataType() == DataType.UNKNOWN;
    }

    private static synchronized PtSymbolBlock cast() {
        if (module == null) {
            // a JVM-wide manager: the module has no tensors, and its results belong to the caller's inputs' managers
            NDManager owner = NDManager.newBaseManager(ai.djl.Device.cpu());
            try (InputStream in = Bfloat16.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the engine's resources");
                }
                module = JniUtils.loadModule((PtNDManager) owner, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load " + RESOURCE, e);
            }
            store = new ParameterStore(owner, false);
        }
        return module;
    }
}
