package dev.rwb.app;

import dev.rwb.app.compare.CompareViewModel;
import dev.rwb.app.compare.RunRecipes;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.app.uncertainty.UncertaintyViewModel;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;

import java.nio.file.Path;

/**
 * The view models of the Train, Compare and Uncertainty screens, built over one store by the
 * composition root, so that the views themselves never hold the store.
 *
 * @param db the DB file launched trainers write to
 * @param recipes each run's training recipe, read from its stored config (the what-if tab)
 */
public record ScreenModels(Path db, DashboardViewModel dashboard, CompareViewModel compare,
                           UncertaintyViewModel uncertainty, RunRecipes recipes) {
    /** The screens' models over {@code store}; the dashboard posts its metric batches with {@code Platform::runLater}. */
    public static ScreenModels of(WorkbenchStore store, BackgroundTasks tasks) {
        return new ScreenModels(store.file(), new DashboardViewModel(store, tasks, Platform::runLater),
                new CompareViewModel(store, tasks), new UncertaintyViewModel(store, tasks), new RunRecipes(store));
    }
}
