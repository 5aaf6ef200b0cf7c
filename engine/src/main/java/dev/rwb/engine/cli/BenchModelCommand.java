package dev.rwb.engine.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb bench model}: training and sampling throughput of the DJL GPT on the shape of
 * {@code shared/bench/reference_gpt.py}, for side-by-side runs with the PyTorch reference.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Train/sample throughput of the GPT (2 layers, d=128, vocab 64, batch 32x64), as reference_gpt.py.")
public final class BenchModelCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON line instead of a table")
    boolean json;

    @Option(names = "--threads", defaultValue = "2", description = "libtorch intra-op threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--steps", defaultValue = "60", description = "timed training steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed warm-up steps (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--cpu", description = "use the CPU even when a GPU is visible")
    boolean cpu;

    @Override
    public Integer call() throws Exception {
        ComputeDevice.configureThreads(threads);
        Device device = cpu ? Device.cpu() : ComputeDevice.select();
        ModelBenchmark.Shape ref = ModelBenchmark.Shape.reference();
        ModelBenchmark.Shape shape = new ModelBenchmark.Shape(ref.vocab(), ref.context(), ref.dModel(), ref.heads(),
                ref.layers(), ref.batch(), steps, warmup, ref.prompt(), ref.generate(), ref.decodeBatch());
        Map<String, Object> figures = new ModelBenchmark(shape).run(device);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
        }
        return 0;
    }
}
