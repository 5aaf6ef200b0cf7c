package dev.rwb.engine.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.MultiTurnBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb bench rollout}: KV-cache generation on a synthetic multi-turn tool-use pattern (the
 * tiny GPT, 128 episodes, 4 turns of 20 tokens, ragged observations appended to some episodes).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Multi-turn generation throughput of the KV-cache session (tiny GPT, batch 128, 4 turns).")
public final class BenchRolloutCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON line instead of a table")
    boolean json;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--runs", defaultValue = "3", description = "timed rollouts, median reported (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--cpu", description = "use the CPU even when a GPU is visible")
    boolean cpu;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        ComputeDevice.configureThreads(threads);
        Device device = cpu ? Device.cpu() : ComputeDevice.select();
        Map<String, Object> figures = new MultiTurnBenchmark(MultiTurnBenchmark.Shape.kbSearch()).run(device, runs);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-24s %s%n", k, v));
        }
        return 0;
    }
}
