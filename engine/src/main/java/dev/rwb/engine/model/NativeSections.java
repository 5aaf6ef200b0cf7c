package dev.rwb.engine.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the JVM's exit from pulling libtorch out from under a running step.
 *
 * <p>Why (issue 17, {@code hs_err_pid19341.log}): the SIGSEGV in {@code torchBackward} during
 * {@code rwb sft} came 0.2 s after a SIGTERM. The log shows the "SIGTERM handler" thread, the VM's
 * "Before exit entered" event, and the main thread still in native {@code torchBackward}, crashing in
 * {@code at::accelerator::getAccelerator}: the exit ran libtorch's static destructors (its device and
 * allocator registries) while backward was still reading them. It was not an NDArray used after close
 * (every step's arrays live in a sub-manager closed by the same thread) and not libtorch's own threads.
 *
 * <p>The workaround: every native training step runs inside a section (a read lock); a shutdown
 * hook takes the write lock, so the exit waits (at most {@link #EXIT_WAIT_SECONDS}) for the step in
 * flight to finish and no new one starts before the process is gone.
 */
public final class NativeSections {
    /** The longest a shutdown waits for the step in flight. */
    public static final long EXIT_WAIT_SECONDS = 30;

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static volatile boolean hookInstalled;

    private NativeSections() {
    }

    /** Runs {@code work} (calls into libtorch) so that a shutdown waits for it to return. */
    public static <T> T run(java.util.function.Supplier<T> work) {
        installHook();
        LOCK.readLock().lock();
        try {
            return work.get();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /**
     * What the shutdown hook does: waits until no section is running, then keeps new ones from
     * starting. Returns whether the wait ended before the timeout.
     */
    static boolean closeForExit(long timeout, TimeUnit unit) {
        try {
            return LOCK.writeLock().tryLock(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Undoes {@link #closeForExit} on the thread that closed it (tests: the JVM goes on afterwards). */
    static void reopen() {
        if (LOCK.writeLock().isHeldByCurrentThread()) {
            LOCK.writeLock().unlock();
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            synchronized (NativeSections.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(
                            () -> closeForExit(EXIT_WAIT_SECONDS, TimeUnit.SECONDS), "rwb-native-exit-guard"));
                    hookInstalled = true;
                }
            }
        }
    }
}
