package dev.rwb.engine.env.calc;

/** A calculator input that cannot be evaluated; the message is shown to the model. */
public final class CalcException extends Exception {
    public CalcException(String message) {
        super(message);
    }
}
