package dev.rwb.engine.chat;

/** A chat template that cannot be read or rendered; the message names the file and the template line. */
public final class ChatTemplateException extends RuntimeException {
    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
