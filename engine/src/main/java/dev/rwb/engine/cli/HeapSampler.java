package dev.rwb.engine.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Heap use during a benchmark, two ways: {@link #peakMb} sums each heap pool's own peak counter
 * (reset at the start): an upper bound, since the pools peak at different moments; {@link #liveMb}
 * is the largest heap use the collector left after a collection (sampled every 20 ms): what the
 * work really keeps. Run under {@code -Xmx256m}, finishing at all shows the bound holds.
 */
final class HeapSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long live;

    HeapSampler() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        thread = new Thread(this::sample, "rwb-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = p.getType() == MemoryType.HEAP ? p.getCollectionUsage() : null;
                sum += after == null ? 0 : after.getUsed();
            }
            live = Math.max(live, sum);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sum of the heap pools' peaks since the start, in MB. */
    double peakMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1e6;
    }

    /** The largest heap left in use after a collection, in MB. */
    double liveMb() {
        return live / 1e6;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
