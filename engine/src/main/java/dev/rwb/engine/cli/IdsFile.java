package dev.rwb.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Token ids from a file: a JSON array ({@code [151644, 872]}) or ids separated by spaces, commas or newlines. */
final class IdsFile {
    private IdsFile() {
    }

    static int[] read(Path file) throws IOException {
        String text = Files.readString(file).trim();
        if (text.startsWith("[")) {
            if (!text.endsWith("]")) {
                throw new IllegalArgumentException(file + ": a JSON array of token ids must end with ]");
            }
            text = text.substring(1, text.length() - 1);
        }
        String[] parts = text.split("[\\s,]+");
        int[] ids = new int[parts.length];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            try {
                ids[n++] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": item " + (i + 1) + " (\"" + parts[i] + "\") is not a token id");
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no token ids");
        }
        return Arrays.copyOf(ids, n);
    }
}
