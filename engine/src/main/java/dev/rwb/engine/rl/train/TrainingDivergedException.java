package dev.rwb.engine.rl.train;

/** NaN or infinity in the loss or the gradients: the run stops, the last good checkpoint stays. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
