package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelException;
import dev.rwb.engine.hf.LoraAdapter;
import dev.rwb.engine.hf.LoraSettings;
import dev.rwb.engine.hf.ParityRewardGrpo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb bench hf-grpo --model DIR --steps 5 --lora-rank 16}: GRPO steps with LoRA (or full
 * fine-tuning) on a Hugging Face model with a synthetic reward (first answer token even), timing each
 * step and reporting whether the rewarded probability mass rose: the GPU check's training path.
 */
@Command(name = "hf-grpo", mixinStandardHelpOptions = true,
        description = "GRPO steps (LoRA or full) on an HF model with a synthetic id-level reward; per-step JSON lines.")
public final class BenchHfGrpoCommand implements Callable<Integer> {
    @Mixin
    ModelOption modelOption;

    @Option(names = "--steps", defaultValue = "5")
    int steps;

    @Option(names = "--group", defaultValue = "8", description = "Answers per step (default ${DEFAULT-VALUE}).")
    int group;

    @Option(names = "--answer-tokens", defaultValue = "16", description = "Tokens per answer (default ${DEFAULT-VALUE}).")
    int answerTokens;

    @Option(names = "--lora-rank", defaultValue = "16", description = "LoRA rank on all projections, alpha 2·rank; 0 = full fine-tuning.")
    int loraRank;

    @Option(names = "--lr", defaultValue = "0.0001")
    float lr;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var options = modelOption.options().withTrainable(loraRank == 0);
        dev.rwb.engine.model.ComputeDevice.configureThreads(modelOption.threads);
        try (HfModel model = HfModel.load(modelOption.directory(), options)) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("device", model.device().toString());
            summary.put("dtype", model.dtype().toString().toLowerCase());
            if (loraRank > 0) {
                LoraAdapter lora = model.enableLora(LoraSettings.allProjections(loraRank, 2.0 * loraRank));
                summary.put("lora_parameters", lora.parameterCount());
            }
            int[] prompt = new int[32];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = 1000 + 37 * i;
            }
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, model, prompt, group, answerTokens, lr);
            double before = grpo.rewardedMass();
            long start = System.nanoTime();
            for (int s = 1; s <= steps; s++) {
                long t0 = System.nanoTime();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("step", s);
                line.putAll(grpo.step());
                line.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
                System.out.println(json.writeValueAsString(line));
            }
            summary.put("steps", steps);
            summary.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            summary.put("rewarded_mass_before", before);
            summary.put("rewarded_mass_after", grpo.rewardedMass());
            System.out.println(json.writeValueAsString(summary));
            return 0;
        } catch (HfModelException | IllegalArgumentException e) {
            System.err.println("rwb bench hf-grpo: " + e.getMessage());
            return 2;
        }
    }
}
