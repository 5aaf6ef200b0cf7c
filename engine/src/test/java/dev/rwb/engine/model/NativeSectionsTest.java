package dev.rwb.engine.model;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit guard of the native crash (issue 17): closing for exit waits for the step in flight to
 * return, and only then lets the exit go on. The test reopens the guard afterwards, since the other
 * tests of this JVM go on training.
 */
class NativeSectionsTest {
    @Test
    void exitWaitsForTheStepInFlight() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicLong stepEnded = new AtomicLong();
        Thread step = new Thread(() -> NativeSections.run(() -> {
            inside.countDown();
            sleep(300);
            stepEnded.set(System.nanoTime());
            return null;
        }));
        step.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        long before = System.nanoTime();
        boolean closed = NativeSections.closeForExit(5, TimeUnit.SECONDS);
        long exitMayProceed = System.nanoTime();
        NativeSections.reopen();
        assertTrue(closed, "the step ended within the wait");
        assertTrue(stepEnded.get() > 0 && stepEnded.get() <= exitMayProceed,
                "the exit went on only after the step returned");
        assertTrue(exitMayProceed - before >= 200_000_000L, "it really waited");
        step.join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
