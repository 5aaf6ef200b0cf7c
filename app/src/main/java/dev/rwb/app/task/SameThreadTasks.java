package dev.rwb.app.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs work and its callbacks at once on the calling thread: deterministic view-model tests. */
public final class SameThreadTasks implements BackgroundTasks {
    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public java.util.concurrent.Executor uiThread() {
        return Runnable::run;
    }
}
