package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.Random;

/**
 * Normal(0, σ²) weights drawn from a Java RNG, so a model built from the same config and seed has
 * the same weights on every engine and device (DJL's own initialisers use the engine's global RNG).
 */
final class SeededNormalInitializer implements Initializer {
    private final Random random;
    private final float sigma;

    SeededNormalInitializer(long seed, float sigma) {
        this.random = new Random(seed);
        this.sigma = sigma;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
