package dev.rwb.engine.hf;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TeacherForcing;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.model.TrainableModel;

import java.util.List;

/**
 * A Hugging Face model with its tokenizer as the trainer's {@link Policy} and {@link TrainableModel}:
 * rollouts sample through the KV cache, {@link dev.rwb.engine.model.GradientStep} updates the
 * trainable parameters (all of them, or the LoRA adapters). With LoRA the frozen base is the KL
 * reference: {@link #referenceLogprobs} scores with the adapters switched off, so no second copy of
 * the weights exists.
 */
public final class HfPolicy implements Policy, TrainableModel, AutoCloseable {
    private final HfModel model;
    private final Tokenizer tokenizer;

    public HfPolicy(HfModel model, Tokenizer tokenizer) {
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " tokens but "
                    + model.source().configFile() + " has vocab_size " + model.config().vocabSize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public HfModel model() {
        return model;
    }

    @Override
    public GenerationSession start(List<int[]> prompts, SamplingParams params) {
        return model.start(prompts, params);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int contextLength() {
        return model.config().maxPositions();
    }

    @Override
    public List<Parameter> trainableParameters() {
        return model.trainableParameters();
    }

    @Override
    public TeacherForcing scoring() {
        return model.scoring();
    }

    @Override
    public NDManager manager() {
        return model.manager();
    }

    @Override
    public void completeBackward() {
        model.completeBackward();
    }

    @Override
    public int padId() {
        return tokenizer.padId() >= 0 && tokenizer.padId() < model.config().vocabSize() ? tokenizer.padId() : model.padId();
    }

    /**
     * log π_ref per token of each sequence (index 0 = 0), where π_ref is the frozen base: the LoRA
     * adapters are bypassed for this pass. Without LoRA there is no built-in reference and this throws.
     */
    public float[][] referenceLogprobs(List<int[]> sequences) {
        LoraAdapter lora = model.lora();
        if (lora == null) {
            throw new IllegalStateException("full fine-tuning has no frozen base: keep a reference copy instead");
        }
        try (LoraAdapter.Bypass ignored = lora.bypass()) {
            return model.scoring().logprobs(model.manager(), sequences);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
