package dev.rwb.app.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands the result back on it. View models depend on this
 * interface only, so tests can run everything on one thread ({@link SameThreadTasks}).
 */
public interface BackgroundTasks {
    /**
     * Runs {@code work} in the background, then {@code onSuccess} with its result or {@code onFailure}
     * with its exception, both on the UI thread.
     */
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /**
     * Where updates from running work (progress) are delivered: the FX thread by default, the
     * calling thread for {@link SameThreadTasks}.
     */
    default Executor uiThread() {
        return javafx.application.Platform::runLater;
    }
}
