package dev.rwb.app.seed;

import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.simulate.SampleSet;
import dev.rwb.engine.store.WorkbenchStore;

/**
 * Seeds an empty DB with the engine's sample runs (the same seed-7 set as
 * {@code samples/trajectories/*.jsonl}, plus their configs and step metrics), generated in
 * memory so the app needs no files next to it.
 */
public final class GeneratedSampleSeeder implements SampleSeeder {
    /** The seed of the committed sample files. */
    public static final long SAMPLES_SEED = 7;

    @Override
    public int seedIfEmpty(WorkbenchStore store) {
        if (!store.listRuns().isEmpty()) {
            return 0;
        }
        SampleSet samples = new SampleGenerator(SAMPLES_SEED).generate();
        SampleInstaller.install(store, samples);
        return samples.trajectories().size();
    }
}
