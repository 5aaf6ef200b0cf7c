package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.TrainableModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The model an RL run trains, with what the trainer needs from it: the parameters to update, its
 * rollouts, its teacher-forced log-probs and those of the KL reference, and resumable checkpoints.
 * {@link GptRunModel} is the workbench's own GPT (a preset or checkpoint), {@link HfRunModel} a
 * Hugging Face model (full fine-tuning or LoRA) with chat-rendered rollouts.
 */
interface RunModel extends AutoCloseable {
    /** What the optimizer updates. */
    TrainableModel trainable();

    /** The rollout engine of this model for the run's limits and reward. */
    EpisodeRunner rollouts(RunSetup setup);

    /** log π(x_t | x_&lt;t) of every token of each sequence (index 0 is 0), without gradients. */
    float[][] logprobs(List<int[]> sequences);

    /**
     * Prepares the KL reference: the model as RL starts. Models whose reference is a saved copy load it
     * from {@code referenceDir} (the run's step-0 folder, or the checkpoint the run started from), writing
     * it there first when {@code writeIt} (a fresh run); others ignore both.
     */
    void openReference(Path referenceDir, boolean writeIt) throws IOException;

    /** log π_ref per token of each sequence, or null when no reference was opened. */
    float[][] referenceLogprobs(List<int[]> sequences);

    /** Writes a resumable checkpoint (the model, the optimizer state when given, the trainer state) to {@code dir}. */
    void save(Path dir, GradientStep optimizer, Map<String, Object> state) throws IOException;

    @Override
    void close();
}
