package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectorySummary;

/**
 * One sample of a prompt's group with the advantage its tokens received (the advantage of its
 * first model-written token; NaN when it has none).
 */
public record GroupMember(TrajectorySummary summary, double advantage) {
}
