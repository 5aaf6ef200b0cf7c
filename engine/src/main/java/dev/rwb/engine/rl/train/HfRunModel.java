package dev.rwb.engine.rl.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.env.rollout.ChatFormat;
import dev.rwb.engine.env.rollout.ChatRolloutEngine;
import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.hf.HfPolicy;
import dev.rwb.engine.hf.LoraSettings;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.TrainableModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A Hugging Face model ({@code model.path}) as a run's model: its own tokenizer and chat template for
 * the rollouts ({@link ChatRolloutEngine}), full fine-tuning or LoRA ({@code model.lora}), and the
 * frozen base as the KL reference: with LoRA the same weights with the adapters bypassed (no second
 * copy), with full fine-tuning a frozen copy loaded from {@code model.path}. Checkpoints are Hugging
 * Face folders again: {@code config.json}, {@code model.safetensors} (LoRA merged, in the base's stored
 * dtype; full fine-tuning in float32, its master weights), the tokenizer files, and with LoRA the
 * adapter in PEFT's layout under {@code adapter/}, from which a resumed run continues it exactly.
 */
final class HfRunModel implements RunModel {
    /** Subfolder of a LoRA run's checkpoint with the adapter in PEFT's layout. */
    static final String ADAPTER = "adapter";

    private final RunConfig config;
    private final HfModelDirectory base;
    private final HfModel model;
    private final HfTokenizer tokenizer;
    private final HfPolicy policy;
    private final ChatFormat chat;
    private HfModel reference;
    private boolean referenceOpen;

    private HfRunModel(RunConfig config, HfModelDirectory base, HfModel model, HfTokenizer tokenizer, ChatTemplate template) {
        this.config = config;
        this.base = base;
        this.model = model;
        this.tokenizer = tokenizer;
        this.policy = new HfPolicy(model, tokenizer);
        Set<Integer> eos = new LinkedHashSet<>(model.stopTokens());
        for (int id : tokenizer.eosIds()) {
            eos.add(id);
        }
        List<String> eosTexts = new ArrayList<>(tokenizer.eosTokens());
        for (int id : eos) {
            String text = id >= 0 && id < tokenizer.vocabulary().size() ? tokenizer.vocabulary().get(id) : null;
            if (text != null && !eosTexts.contains(text)) {
                eosTexts.add(text);
            }
        }
        this.chat = new ChatFormat(tokenizer, template, RenderOptions.defaults(), eos, eosTexts);
    }

    /** The model of {@code model.path} as RL starts (LoRA adapters at B = 0, so it is the base). */
    static HfRunModel start(RunConfig config, Device device, Consumer<String> log) {
        return open(config, device, null, log);
    }

    /** The model of a run's checkpoint {@code dir}: the saved weights (full) or the base plus the saved adapter (LoRA). */
    static HfRunModel resume(RunConfig config, Path dir, Device device, Consumer<String> log) {
        return open(config, device, dir, log);
    }

    private static HfRunModel open(RunConfig config, Device device, Path checkpoint, Consumer<String> log) {
        HfModelDirectory base = HfModelDirectory.resolve(config.model().path());
        RunConfig.Lora lora = config.model().lora();
        HfLoadOptions options = new HfLoadOptions(device, dtype(config), lora == null);
        HfTokenizer tokenizer;
        ChatTemplate template;
        try {
            tokenizer = HfTokenizer.loadModel(base.path());
            template = ChatTemplate.load(base.path());
        } catch (IOException e) {
            throw new IllegalArgumentException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
        HfModel model = HfModel.load(lora == null && checkpoint != null ? HfModelDirectory.of(checkpoint) : base, options);
        model.setGradientCheckpointing(config.model().gradientCheckpointing());
        try {
            if (lora != null) {
                model.enableLora(new LoraSettings(lora.rank(), lora.alpha(), Set.copyOf(lora.targetModules()), config.seed()));
                if (checkpoint != null) {
                    model.lora().load(checkpoint.resolve(ADAPTER));
                }
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            tokenizer.close();
            throw e instanceof IOException io ? new IllegalStateException(checkpoint + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
        long params = model.config().parameterCount();
        log.accept("model " + base.path() + " (" + model.config().modelType() + "): " + params + " parameters, vocabulary "
                + model.config().vocabSize() + ", " + model.dtype() + " on " + model.device()
                + (lora == null ? ", full fine-tuning"
                : ", LoRA r=" + lora.rank() + " α=" + lora.alpha() + " on " + lora.targetModules() + ": "
                + model.lora().parameterCount() + " trainable")
                + (model.gradientCheckpointing() ? ", gradient checkpointing" : "")
                + (checkpoint == null ? "" : ", resumed from " + checkpoint));
        return new HfRunModel(config, base, model, tokenizer, template);
    }

    /** fp16 = float16 compute with float32 masters; bf16 = bfloat16 matmuls and frozen base; fp32 otherwise. */
    private static DataType dtype(RunConfig config) {
        return switch (config.model().dtype()) {
            case "fp16" -> DataType.FLOAT16;
            case "bf16" -> DataType.BFLOAT16;
            default -> DataType.FLOAT32;
        };
    }

    HfModel model() {
        return model;
    }

    @Override
    public TrainableModel trainable() {
        return policy;
    }

    @Override
    public EpisodeRunner rollouts(RunSetup setup) {
        return new ChatRolloutEngine(policy, chat, setup.rolloutConfig(), setup.reward(), config.rollout().maxTotalTokens());
    }

    @Override
    public float[][] logprobs(List<int[]> sequences) {
        return model.scoring().logprobs(model.manager(), sequences);
    }

    /** The frozen base is the reference; only full fine-tuning needs a copy of it, loaded here (never saved). */
    @Override
    public void openReference(Path referenceDir, boolean writeIt) {
        if (model.lora() == null && reference == null) {
            reference = HfModel.load(base, new HfLoadOptions(model.device(), model.dtype(), false));
        }
        referenceOpen = true;
    }

    @Override
    public float[][] referenceLogprobs(List<int[]> sequences) {
        if (!referenceOpen) {
            return null;
        }
        if (reference == null) {
            return policy.referenceLogprobs(sequences);
        }
        return reference.scoring().logprobs(reference.manager(), sequences);
    }

    @Override
    public void save(Path dir, GradientStep optimizer, Map<String, Object> state) throws IOException {
        RunCheckpoint.save(dir, tmp -> {
            if (model.lora() != null) {
                model.save(tmp);
                model.lora().save(tmp.resolve(ADAPTER), config.model().path());
            } else {
                model.save(tmp, TensorDType.F32, 0);
            }
        }, optimizer, state);
    }

    @Override
    public void close() {
        if (reference != null) {
            reference.close();
        }
        model.close();
        tokenizer.close();
    }
}
