package dev.rwb.engine.hf.safetensors;

/** A safetensors file that cannot be read as such; the message names the file and, where known, the tensor. */
public final class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
