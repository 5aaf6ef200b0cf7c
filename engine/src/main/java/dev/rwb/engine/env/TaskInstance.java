package dev.rwb.engine.env;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One generated problem.
 *
 * @param id stable identifier, {@code task:split:key-hash}; used as the trajectory's prompt id
 * @param task task name ("kb-search", "arithmetic", "countdown")
 * @param level difficulty level (1 = easiest)
 * @param split train or held-out, decided by the hash of {@code key}
 * @param key the canonical content that identifies the instance (the split is a function of it)
 * @param prompt the text shown to the model
 * @param groundTruth the verifiable answer
 * @param attributes task-specific facts the verifier, tools and oracle need (e.g. countdown numbers);
 *                   kept sorted by name, so everything printed or stored from them is the same in every JVM
 *                   (a {@code Map.of} iterates in a per-JVM order)
 */
public record TaskInstance(String id, String task, int level, Split split, String key, String prompt,
                           String groundTruth, Map<String, String> attributes) {
    public TaskInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(groundTruth, "groundTruth");
        attributes = attributes == null ? Map.of()
                : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** Builds an instance whose id and split derive from its key. */
    public static TaskInstance of(String task, int level, String key, String prompt, String groundTruth,
                                  Map<String, String> attributes) {
        Split split = Split.ofKey(key);
        String hash = java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 12);
        String id = task + ":" + split.key() + ":" + hash;
        return new TaskInstance(id, task, level, split, key, prompt, groundTruth, attributes);
    }

    /** An attribute that must be present. */
    public String attribute(String name) {
        String v = attributes.get(name);
        if (v == null) {
            throw new IllegalArgumentException("instance " + id + " has no attribute '" + name + "'");
        }
        return v;
    }
}
