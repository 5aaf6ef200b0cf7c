package dev.rwb.engine.store;

/** One named scalar of one optimizer step (reward_mean, kl, loss, …). */
public record StepMetric(int step, String name, double value) {
}
