package dev.rwb.engine.store;

import java.time.Instant;

/**
 * A run: a training run, an SFT warm start, an evaluation, an import or the samples.
 *
 * @param kind one of "rl", "sft", "eval", "import", "samples"
 * @param status e.g. "created", "running", "finished", "failed", "stopped"
 */
public record RunInfo(long id, String name, String kind, String status, String configJson, Instant createdAt) {
}
