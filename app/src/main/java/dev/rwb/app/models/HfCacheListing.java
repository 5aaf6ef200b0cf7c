package dev.rwb.app.models;

import dev.rwb.engine.hf.HfCache;

import java.util.List;
import java.util.Map;

/**
 * The models of the user's Hugging Face cache that the engine can load, for pickers: read from
 * the cache folders and config.json files only (no weights are opened, no DJL is loaded).
 */
public final class HfCacheListing {
    private HfCacheListing() {
    }

    /** The cache of this environment ({@code HF_HUB_CACHE}, {@code HF_HOME}, or ~/.cache/huggingface/hub). */
    public static List<ModelChoice> list() {
        return list(System.getenv());
    }

    public static List<ModelChoice> list(Map<String, String> env) {
        return HfCache.entries(env).stream()
                .map(e -> new ModelChoice(e.id(), e.snapshot(), e.modelType(), e.weightBytes()))
                .toList();
    }
}
