package dev.rwb.app.models;

import java.nio.file.Path;

/**
 * A model the user can pick: an entry of the local Hugging Face cache or a folder.
 *
 * @param spec what {@code rwb score --model} is given: a hub id in the cache or a folder path
 * @param folder the snapshot folder
 * @param architecture config.json's {@code model_type} (qwen2, qwen3, llama)
 * @param weightBytes size of the weight files
 */
public record ModelChoice(String spec, Path folder, String architecture, long weightBytes) {

    /** "Qwen/Qwen2.5-0.5B-Instruct · qwen2 · 988 MB". */
    public String label() {
        return spec + " · " + architecture + " · " + size(weightBytes);
    }

    /** "942 MB", "1.4 GB". */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.0f MB", bytes / (double) (1L << 20));
        }
        return String.format("%.0f kB", Math.max(1, bytes / 1024.0));
    }

    @Override
    public String toString() {
        return label();
    }
}
