package dev.rwb.engine.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file so that a failed export leaves nothing behind: the content goes to a
 * temporary file beside the target and is moved over it only when writing succeeded.
 */
final class AtomicOutput {
    /** Writes the content into the given (temporary) file. */
    @FunctionalInterface
    interface Content<T> {
        T writeTo(Path file) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Runs {@code content} on a temporary file, then moves it to {@code target}; returns content's result. */
    static <T> T write(Path target, Content<T> content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        try {
            T result = content.writeTo(temp);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
