package dev.rwb.engine.rl.train;

/**
 * Linear warm-up, then constant or cosine decay to 10% of the peak:
 * {@code lr(s) = peak·s/warmup} for s &lt; warmup, then {@code peak} or
 * {@code peak·(0.1 + 0.9·½(1 + cos(π·(s−warmup)/(total−warmup))))}.
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, boolean cosine) {

    /** The rate of step {@code step} (1-based). */
    public double at(int step) {
        if (warmupSteps > 0 && step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        if (!cosine || totalSteps <= warmupSteps) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
