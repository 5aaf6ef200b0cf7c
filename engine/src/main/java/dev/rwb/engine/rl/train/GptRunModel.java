package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.env.rollout.RolloutEngine;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.TrainableModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The workbench's own GPT as a run's model: rollouts on its task vocabulary, and a KL reference
 * loaded from a saved copy (the run's step-0 checkpoint, or the checkpoint the run started from).
 */
final class GptRunModel implements RunModel {
    private final GptPolicy policy;
    private GptPolicy reference;

    GptRunModel(GptPolicy policy) {
        this.policy = policy;
    }

    @Override
    public TrainableModel trainable() {
        return policy;
    }

    @Override
    public EpisodeRunner rollouts(RunSetup setup) {
        return new RolloutEngine(policy, setup.rolloutConfig(), setup.reward());
    }

    @Override
    public float[][] logprobs(List<int[]> sequences) {
        return policy.scoring().logprobs(policy.manager(), sequences);
    }

    @Override
    public void openReference(Path referenceDir, boolean writeIt) throws IOException {
        if (writeIt) {
            // the reference is the policy as it starts RL: save it now so a resume finds it
            RunCheckpoint.save(referenceDir, policy, null, Map.of());
        }
        reference = RunCheckpoint.loadPolicy(referenceDir, policy.device());
    }

    @Override
    public float[][] referenceLogprobs(List<int[]> sequences) {
        return reference == null ? null : reference.scoring().logprobs(reference.manager(), sequences);
    }

    @Override
    public void save(Path dir, GradientStep optimizer, Map<String, Object> state) throws IOException {
        RunCheckpoint.save(dir, policy, optimizer, state);
    }

    @Override
    public void close() {
        if (reference != null) {
            reference.close();
        }
        policy.close();
    }
}
