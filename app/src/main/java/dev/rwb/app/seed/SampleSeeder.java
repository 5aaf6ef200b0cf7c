package dev.rwb.app.seed;

import dev.rwb.engine.store.WorkbenchStore;

/** Fills a fresh workbench DB with sample runs, so a newcomer sees real trajectories at once. */
public interface SampleSeeder {
    /** Seeds the store if it holds no run yet; returns the number of trajectories added (0 if none). */
    int seedIfEmpty(WorkbenchStore store);
}
