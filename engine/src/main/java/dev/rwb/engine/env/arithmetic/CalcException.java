package dev.rwb.engine.env.arithmetic;

/** A calculator input that cannot be evaluated; the message is shown to the model. */
public final class CalcException extends Exception {
    public CalcException(String message) {
        super(message);
    }
}
