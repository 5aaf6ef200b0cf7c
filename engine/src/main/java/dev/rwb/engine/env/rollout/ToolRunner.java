package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Tool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the tool calls of one batch step concurrently, each under a time limit, so a slow or
 * crashing tool cannot stall the other episodes. Threads are daemons and die when idle.
 */
final class ToolRunner {
    /** A call to run. */
    record Call(Tool tool, String argument) {
    }

    /** An observation, or the reason the tool failed (timeout or crash). */
    record Outcome(Observation observation, String failure) {
    }

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rwb-tool");
        t.setDaemon(true);
        return t;
    });
    private final Duration timeout;

    ToolRunner(Duration timeout) {
        this.timeout = timeout;
    }

    List<Outcome> runAll(List<Call> calls) {
        List<Future<Observation>> futures = new ArrayList<>();
        for (Call c : calls) {
            futures.add(pool.submit(() -> c.tool().call(c.argument())));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Future<Observation> f = futures.get(i);
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                out.add(new Outcome(f.get(left, TimeUnit.NANOSECONDS), null));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome(null, calls.get(i).tool().name() + " exceeded " + timeout.toMillis() + " ms"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new Outcome(null, "interrupted"));
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                out.add(new Outcome(null, calls.get(i).tool().name() + " failed: " + cause));
            }
        }
        return out;
    }
}
