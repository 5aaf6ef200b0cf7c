package dev.rwb.engine.cli;

import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.simulate.SampleSet;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rwb samples [--db DB] [--out DIR] [--seed N]}: generates the sample runs and writes them
 * into the workbench DB and/or as JSONL files. With only {@code --out} the DB is left alone.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Generate the sample GRPO runs (kb-search, arithmetic, countdown; masked vs unmasked) "
                + "into the database and/or as JSONL files.")
public final class SamplesCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write <run>.jsonl files into DIR.")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        SampleSet samples = new SampleGenerator(seed).generate();
        if (out != null) {
            try {
                for (Path f : SampleInstaller.writeJsonl(out, samples)) {
                    System.err.println("rwb samples: wrote " + f);
                }
            } catch (IOException e) {
                System.err.println("rwb samples: cannot write into " + out + ": " + e.getMessage());
                return 1;
            }
        }
        if (out == null || db.db != null) {
            Path file = db.resolve();
            try (WorkbenchStore store = WorkbenchStore.open(file)) {
                SampleInstaller.install(store, samples);
            } catch (RuntimeException e) {
                System.err.println("rwb samples: " + e.getMessage());
                return 1;
            }
            System.err.println("rwb samples: " + samples.trajectories().size() + " trajectories of "
                    + samples.metrics().size() + " runs into " + file);
        }
        return 0;
    }
}
