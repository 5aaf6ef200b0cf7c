package dev.rwb.engine.hf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.rwb.engine.hf.safetensors.SafetensorsFile;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.model.CachedGeneration;
import dev.rwb.engine.model.CausalLm;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.PaddedBatch;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TeacherForcing;
import dev.rwb.engine.model.TrainableModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face causal LM (Qwen2/Qwen2.5, Qwen3, Llama) loaded from a model directory into DJL:
 * teacher-forced scoring, KV-cache generation, training (full or LoRA, through
 * {@link TrainableModel}) and saving back to Hugging Face layout. Tokenizer-independent: ids in, ids out.
 *
 * <pre>{@code
 * try (HfModel model = HfModel.load(Path.of("Qwen2.5-0.5B-Instruct"))) {
 *     SequenceScores s = model.score(ids);
 * }
 * }</pre>
 */
public final class HfModel implements TrainableModel, AutoCloseable {
    /** Elements of one (rows, positions, vocabulary) intermediate while scoring: 32 Mi floats = 128 MB. */
    private static final long SCORE_CHUNK_ELEMENTS = 32L << 20;

    private final HfModelDirectory source;
    private final HfConfig config;
    private final NDManager manager;
    private final HfDecoder decoder;
    private final TensorDType storedDtype;
    private final Set<Integer> stopTokens;
    private final boolean baseTrainable;
    private LoraAdapter lora;

    private HfModel(HfModelDirectory source, HfConfig config, NDManager manager, HfDecoder decoder,
                    TensorDType storedDtype, Set<Integer> stopTokens, boolean baseTrainable) {
        this.source = source;
        this.config = config;
        this.manager = manager;
        this.decoder = decoder;
        this.storedDtype = storedDtype;
        this.stopTokens = stopTokens;
        this.baseTrainable = baseTrainable;
    }

    /** Loads a directory (or a hub id in the local cache) for inference with the default options. */
    public static HfModel load(Path dir) {
        return load(HfModelDirectory.of(dir), HfLoadOptions.defaults());
    }

    /** Loads {@code dir} with explicit options. */
    public static HfModel load(HfModelDirectory dir, HfLoadOptions options) {
        HfConfig config = HfConfig.read(dir.configFile());
        Device device = options.resolvedDevice();
        DataType dtype = options.resolvedDtype(device);
        boolean bf16 = dtype == DataType.BFLOAT16;
        // bfloat16: float32 activations and masters, bfloat16 matmuls (and frozen matrices)
        DataType compute = bf16 ? DataType.FLOAT32 : dtype;
        NDManager manager = NDManager.newBaseManager(device);
        try (HfWeights weights = HfWeights.open(dir)) {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : HfTensorNames.expected(config).entrySet()) {
                // norm gains and biases stay in the compute dtype too: transformers keeps one dtype per model
                NDArray array = weights.load(e.getKey(), e.getValue(), manager, compute, options.trainable());
                if (bf16 && !options.trainable() && e.getValue().length == 2) {
                    array = frozenBf16(array);
                }
                array.setRequiresGradient(options.trainable());
                parameters.put(e.getKey(), Parameter.builder().setName(e.getKey()).setType(
                                e.getKey().endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
                        .optArray(array).optRequiresGrad(options.trainable()).build());
            }
            HfDecoder decoder = new HfDecoder(config, compute, bf16, parameters, manager);
            return new HfModel(dir, config, manager, decoder, storedDtype(dir), stopTokens(dir, config),
                    options.trainable());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A frozen matrix rounded to bfloat16; the float32 copy is freed at once (half the resident weights). */
    private static NDArray frozenBf16(NDArray f32) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            NDArray narrow = Bfloat16.narrow(f32);
            f32.close();
            return narrow;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static TensorDType storedDtype(HfModelDirectory dir) {
        try (SafetensorsFile f = SafetensorsFile.open(dir.weightFiles().get(0))) {
            return f.tensors().values().stream().findFirst().map(t -> t.dtype()).orElse(TensorDType.F32);
        } catch (IOException e) {
            throw new HfModelException(dir + ": " + e.getMessage(), e);
        }
    }

    /** EOS ids of config.json and generation_config.json together (Instruct models add the chat's end token). */
    private static Set<Integer> stopTokens(HfModelDirectory dir, HfConfig config) {
        Set<Integer> stops = new LinkedHashSet<>(config.eosTokenIds());
        Path gen = dir.generationConfig();
        if (gen != null) {
            try {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(gen)).path("eos_token_id");
                if (node.isArray()) {
                    node.forEach(n -> stops.add(n.asInt()));
                } else if (node.isInt()) {
                    stops.add(node.asInt());
                }
            } catch (IOException e) {
                throw new HfModelException(gen + ": cannot read: " + e.getMessage(), e);
            }
        }
        return Set.copyOf(stops);
    }

    public HfConfig config() {
        return config;
    }

    /** The directory the model was loaded from (its tokenizer files are there). */
    public HfModelDirectory source() {
        return source;
    }

    /** The decoder, for the shared scoring and sampling code. */
    public CausalLm decoder() {
        return decoder;
    }

    /** The load dtype: FLOAT32, FLOAT16, or BFLOAT16 (mixed precision, see {@link HfLoadOptions}). */
    public DataType dtype() {
        return decoder.bf16() ? DataType.BFLOAT16 : decoder.dtype();
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Token ids that end a generation (EOS of config.json and generation_config.json). */
    public Set<Integer> stopTokens() {
        return stopTokens;
    }

    /** Teacher-forced scores of one sequence (no gradients). */
    public SequenceScores score(int[] ids) {
        return score(List.of(ids)).get(0);
    }

    /**
     * Teacher-forced scores of several sequences, batched (right-padded). The LM head runs over a
     * few positions at a time, so the float32 (rows, positions, vocabulary) intermediates stay near
     * 128 MB even with Qwen's 151,936-token vocabulary.
     */
    public List<SequenceScores> score(List<int[]> sequences) {
        List<SequenceScores> out = new ArrayList<>(sequences.size());
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            for (int[] ids : sequences) {
                if (ids.length == 0) {
                    throw new IllegalArgumentException("cannot score an empty sequence");
                }
                checkIds(ids);
            }
            PaddedBatch batch = PaddedBatch.rightPadded(sequences, padId());
            int rows = batch.rows();
            int t = batch.columns();
            NDArray idArray = step.create(batch.ids(), new Shape(rows, t));
            NDArray positions = step.arange(0, t, 1, DataType.INT64).expandDims(0).repeat(0, rows);
            NDArray hidden = decoder.hidden(idArray, positions, CausalLm.causalBias(step, t), null);
            float[][] logprob = new float[rows][t];
            float[][] entropy = new float[rows][t];
            int chunk = (int) Math.max(1, SCORE_CHUNK_ELEMENTS / ((long) rows * config.vocabSize()));
            // position p's distribution predicts token p + 1
            for (int from = 0; from < t - 1; from += chunk) {
                int to = Math.min(t - 1, from + chunk);
                try (NDManager part = step.newSubManager()) {
                    NDArray h = hidden.get(new NDIndex(":, {}:{}, :", from, to));
                    h.attach(part);
                    NDArray logp = decoder.logits(h).logSoftmax(2);
                    NDArray targets = idArray.get(new NDIndex(":, {}:{}", from + 1, to + 1));
                    targets.attach(part);
                    float[] lp = logp.gather(targets.expandDims(2), 2).squeeze(2).toFloatArray();
                    // H = -Σ_v p_v log p_v
                    float[] en = logp.exp().mul(logp).sum(new int[] {2}).neg().toFloatArray();
                    int width = to - from;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(lp, r * width, logprob[r], from + 1, width);
                        System.arraycopy(en, r * width, entropy[r], from + 1, width);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int n = sequences.get(r).length;
                float[] l = java.util.Arrays.copyOf(logprob[r], n);
                float[] e = java.util.Arrays.copyOf(entropy[r], n);
                l[0] = Float.NaN;
                e[0] = Float.NaN;
                out.add(new SequenceScores(sequences.get(r).clone(), l, e));
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    /** log π(v | prefix) for every token v of the vocabulary (float32, no gradients). */
    public float[] nextTokenLogprobs(int[] prefix) {
        checkIds(prefix);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(java.util.Arrays.stream(prefix).asLongStream().toArray(), new Shape(1, prefix.length));
            NDArray positions = step.arange(0, prefix.length, 1, DataType.INT64).expandDims(0);
            return decoder.forward(ids, positions, CausalLm.causalBias(step, prefix.length), null, true)
                    .logSoftmax(1).toFloatArray();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private void checkIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());
            }
        }
        if (ids.length > config.maxPositions()) {
            throw new IllegalArgumentException(ids.length + " tokens exceed max_position_embeddings " + config.maxPositions());
        }
    }

    /** A KV-cache generation session over this model (close it to free the caches). */
    public GenerationSession start(List<int[]> prompts, SamplingParams params) {
        return CachedGeneration.start(decoder, manager, padId(), prompts, params);
    }

    /** Generates up to {@code maxNewTokens} after {@code prompt}, stopping at an EOS id; temperature 0 is greedy. */
    public Generation generate(int[] prompt, int maxNewTokens, SamplingParams params) {
        checkIds(prompt);
        try (GenerationSession session = start(List.of(prompt), params)) {
            return session.generate(new boolean[] {true}, maxNewTokens, stopTokens).get(0);
        }
    }

    /**
     * Adds LoRA adapters to the targeted projections of every layer (the base stays frozen) and
     * returns them; {@link #trainableParameters()} then lists only the adapters.
     */
    public LoraAdapter enableLora(LoraSettings settings) {
        if (lora != null) {
            throw new IllegalStateException("LoRA is already enabled");
        }
        if (baseTrainable) {
            throw new IllegalStateException("LoRA needs a frozen base: load with trainable=false");
        }
        lora = LoraAdapter.attach(decoder, settings, manager);
        return lora;
    }

    /**
     * Gradient checkpointing of the layer stack in training forwards: activation memory of about
     * one layer instead of all, for one extra forward per layer (see {@link LayerCheckpointing}).
     */
    public void setGradientCheckpointing(boolean on) {
        decoder.setGradientCheckpointing(on);
    }

    public boolean gradientCheckpointing() {
        return decoder.gradientCheckpointing();
    }

    @Override
    public void completeBackward() {
        decoder.completeBackward();
    }

    /** The LoRA adapter, or null. */
    public LoraAdapter lora() {
        return lora;
    }

    @Override
    public List<Parameter> trainableParameters() {
        if (lora != null) {
            return lora.parameters();
        }
        if (!baseTrainable) {
            throw new IllegalStateException("model was loaded for inference: load with trainable=true or enable LoRA");
        }
        return new ArrayList<>(decoder.parameters().values());
    }

    @Override
    public TeacherForcing scoring() {
        return new TeacherForcing(decoder);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** Padding id for batches: the first EOS id (padding is masked out of every result), else 0. */
    @Override
    public int padId() {
        return config.eosTokenIds().isEmpty() ? 0 : Math.max(0, Math.min(config.vocabSize() - 1, config.eosTokenIds().get(0)));
    }

    /**
     * Saves the model as a Hugging Face directory: config.json (the source's, unchanged), the weights
     * (LoRA merged into them: W + (α/r)·B·A) in the dtype the source was stored in, and the source's
     * tokenizer and generation files, so any HF-compatible program loads the result.
     */
    public void save(Path dir) throws IOException {
        save(dir, storedDtype, 0);
    }

    /** As {@link #save(Path)} with an explicit dtype and shard size (≤ 0: one file). */
    public void save(Path dir, TensorDType dtype, long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        List<HfCheckpointWriter.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : decoder.parameters().entrySet()) {
            String name = e.getKey();
            NDArray array = e.getValue().getArray();
            tensors.add(new HfCheckpointWriter.Tensor(name, dtype, array.getShape().getShape(),
                    () -> bytes(name, array, dtype)));
        }
        HfCheckpointWriter.writeWeights(dir, tensors, maxShardBytes);
        Files.copy(source.configFile(), dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
        copySideFiles(source.path(), dir);
    }

    /** Copies the tokenizer and generation files of {@code from} that exist. */
    static void copySideFiles(Path from, Path to) throws IOException {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        for (String f : HfModelDirectory.SIDE_FILES) {
            Path p = from.resolve(f);
            if (Files.isRegularFile(p)) {
                Files.copy(p, to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private java.nio.ByteBuffer bytes(String name, NDArray array, TensorDType dtype) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager tmp = manager.newSubManager(Device.cpu())) {
            NDArray w = array.toDevice(Device.cpu(), true);
            w.attach(tmp);
            if (lora != null) {
                w = lora.merged(name, w, tmp);
            }
            if (dtype == TensorDType.BF16) {
                // narrowed in Java: DJL 0.35 cannot hand bfloat16 buffers across (see HfWeights)
                NDArray w32 = w.toType(DataType.FLOAT32, true);
                w32.attach(tmp);
                return HalfFloats.f32ToBf16(w32.toFloatArray());
            }
            NDArray typed = w.getDataType() == dtype.djl() ? w : w.toType(dtype.djl(), true);
            typed.attach(tmp);
            java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocateDirect(Math.toIntExact(typed.size() * dtype.bytes()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            copy.put(typed.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN));
            return copy.flip();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
