package dev.rwb.engine.hf;

/** A model directory that cannot be loaded; the message names the file and, where it applies, the tensor or field. */
public final class HfModelException extends RuntimeException {
    public HfModelException(String message) {
        super(message);
    }

    public HfModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
