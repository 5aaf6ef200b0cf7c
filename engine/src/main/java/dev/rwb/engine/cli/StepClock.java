package dev.rwb.engine.cli;

import java.lang.management.ManagementFactory;

/**
 * Process CPU time and wall time per training step, measured between the first step and the latest one,
 * so model setup, demonstration generation and evaluation are not counted. CPU time is the whole
 * process's (libtorch's threads, the JIT and the GC included), from the JVM's operating-system bean.
 */
final class StepClock {
    private int firstStep = -1;
    private int lastStep;
    private long firstCpu;
    private long lastCpu;
    private long firstWall;
    private long lastWall;

    /** Called after step {@code step} has finished. */
    void tick(int step) {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        if (firstStep < 0) {
            firstStep = step;
            firstCpu = cpu;
            firstWall = wall;
        }
        lastStep = step;
        lastCpu = cpu;
        lastWall = wall;
    }

    /** Steps measured: those after the first one. */
    int steps() {
        return firstStep < 0 ? 0 : lastStep - firstStep;
    }

    double cpuSecondsPerStep() {
        return (lastCpu - firstCpu) / 1e9 / steps();
    }

    double wallSecondsPerStep() {
        return (lastWall - firstWall) / 1e9 / steps();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
