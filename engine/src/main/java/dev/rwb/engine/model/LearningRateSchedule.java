package dev.rwb.engine.model;

/**
 * The one learning-rate schedule of the project (RL steps and the supervised warm start): linear
 * warm-up, then the peak rate held constant or decayed along a cosine to a floor.
 *
 * <p><b>Step index convention: 1-based.</b> Step 1 is the first optimizer update; the RL trainer's
 * step numbers (1 … {@code steps}) are passed as they are, and {@link GradientStep} passes its
 * number of updates taken so far plus one. With W warm-up steps, T total steps, peak η and floor η_min:
 * <pre>
 *   lr(s) = η · s / W                                         for s ≤ W
 *   lr(s) = η                                                 constant, or when T ≤ W
 *   lr(s) = η_min + ½ (η − η_min) (1 + cos(π · p)),  p = min(1, (s − W) / (T − W))   cosine
 * </pre>
 * so the cosine starts at the peak right after the warm-up and reaches the floor at s = T.
 *
 * @param peak η, the rate after the warm-up
 * @param warmupSteps W (0 = no warm-up)
 * @param totalSteps T, where the cosine reaches the floor (ignored when constant)
 * @param cosine whether the rate decays after the warm-up
 * @param floor η_min, the end of the cosine
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, boolean cosine, double floor) {

    public LearningRateSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || !(floor >= 0 && floor <= peak)) {
            throw new IllegalArgumentException("invalid learning-rate schedule: peak " + peak + ", warm-up "
                    + warmupSteps + ", total " + totalSteps + ", floor " + floor);
        }
    }

    /** The rate {@code peak} at every step. */
    public static LearningRateSchedule constant(double peak) {
        return new LearningRateSchedule(peak, 0, 1, false, peak);
    }

    /** Linear warm-up over {@code warmupSteps}, then the peak. */
    public static LearningRateSchedule warmupConstant(double peak, int warmupSteps) {
        return new LearningRateSchedule(peak, warmupSteps, Math.max(1, warmupSteps), false, peak);
    }

    /** Linear warm-up, then cosine decay to {@code floor} at step {@code totalSteps}. */
    public static LearningRateSchedule warmupCosine(double peak, int warmupSteps, int totalSteps, double floor) {
        return new LearningRateSchedule(peak, warmupSteps, totalSteps, true, floor);
    }

    /** The rate of step {@code step}, counted from 1 (the first update). */
    public double at(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("steps are counted from 1, got " + step);
        }
        if (warmupSteps > 0 && step <= warmupSteps) {
            // lr = η · s / W
            return peak * step / warmupSteps;
        }
        if (!cosine || totalSteps <= warmupSteps) {
            return peak;
        }
        // p = min(1, (s − W)/(T − W)); lr = η_min + ½(η − η_min)(1 + cos πp)
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
