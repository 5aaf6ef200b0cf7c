package dev.rwb.engine.hf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.hf.safetensors.SafetensorsWriter;
import dev.rwb.engine.hf.safetensors.TensorDType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The LoRA adapters of a {@link HfModel}: float32 A and B per targeted projection (the trainable
 * master weights; the frozen base may be bfloat16). Saved in PEFT's layout
 * ({@code adapter_config.json} + {@code adapter_model.safetensors} with
 * {@code base_model.model.<module>.lora_A.weight} / {@code lora_B.weight}), or merged into the base on
 * {@link HfModel#save}.
 */
public final class LoraAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoraSettings settings;
    private final Map<String, Projection> byWeightName = new LinkedHashMap<>();
    private final List<Parameter> parameters = new ArrayList<>();

    private LoraAdapter(LoraSettings settings) {
        this.settings = settings;
    }

    static LoraAdapter attach(HfDecoder decoder, LoraSettings settings, NDManager manager) {
        LoraAdapter adapter = new LoraAdapter(settings);
        SplittableRandom random = new SplittableRandom(settings.seed());
        for (HfDecoder.Layer layer : decoder.decoderLayers()) {
            for (Projection p : layer.projections()) {
                String module = p.name().substring(p.name().lastIndexOf('.') + 1);
                if (!settings.targets().contains(module)) {
                    continue;
                }
                long out = p.weight().getArray().getShape().get(0);
                long in = p.weight().getArray().getShape().get(1);
                int r = settings.rank();
                // A ~ U(-1/√in, 1/√in): PEFT's kaiming_uniform_(a=√5); B = 0, so B·A = 0 at the start
                float bound = (float) (1 / Math.sqrt(in));
                float[] a = new float[Math.toIntExact(r * in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
                NDArray aArray = manager.create(a, new Shape(r, in));
                NDArray bArray = manager.zeros(new Shape(out, r), DataType.FLOAT32);
                aArray.setRequiresGradient(true);
                bArray.setRequiresGradient(true);
                Parameter pa = Parameter.builder().setName(p.name() + ".lora_A.weight").setType(Parameter.Type.WEIGHT)
                        .optArray(aArray).optRequiresGrad(true).build();
                Parameter pb = Parameter.builder().setName(p.name() + ".lora_B.weight").setType(Parameter.Type.WEIGHT)
                        .optArray(bArray).optRequiresGrad(true).build();
                p.attachLora(pa, pb, (float) settings.scale());
                adapter.byWeightName.put(p.name() + ".weight", p);
                adapter.parameters.add(pa);
                adapter.parameters.add(pb);
            }
        }
        return adapter;
    }

    /** While open, every adapted projection computes the base alone (W x), e.g. for the KL reference. */
    public final class Bypass implements AutoCloseable {
        private Bypass() {
            byWeightName.values().forEach(Projection::suspendLora);
        }

        @Override
        public void close() {
            byWeightName.values().forEach(Projection::resumeLora);
        }
    }

    /** Switches the adapters off until the returned handle is closed. */
    public Bypass bypass() {
        return new Bypass();
    }

    public LoraSettings settings() {
        return settings;
    }

    /** A and B of every adapted projection (what the optimizer updates). */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** Number of adapter parameters. */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** {@code w} (a CPU copy of base weight {@code name}) with the adapter merged: W + (α/r)·B·A. */
    NDArray merged(String name, NDArray w, NDManager tmp) {
        Projection p = byWeightName.get(name);
        if (p == null) {
            return w;
        }
        NDArray a = p.loraA().getArray().toDevice(Device.cpu(), true);
        NDArray b = p.loraB().getArray().toDevice(Device.cpu(), true);
        a.attach(tmp);
        b.attach(tmp);
        NDArray w32 = w.toType(DataType.FLOAT32, true);
        w32.attach(tmp);
        NDArray merged = w32.add(b.matMul(a).mul(p.loraScale()));
        merged.attach(tmp);
        return merged;
    }

    /**
     * Overwrites A and B of every adapted projection with the float32 tensors of an adapter that
     * {@link #save} wrote (a resumed run continues the same adapter). The adapter must have the same
     * rank and targets: a tensor that is missing or has another shape is an error naming it.
     */
    public void load(Path dir) throws IOException {
        Path file = dir.resolve("adapter_model.safetensors");
        try (dev.rwb.engine.hf.safetensors.SafetensorsFile f = dev.rwb.engine.hf.safetensors.SafetensorsFile.open(file)) {
            for (Parameter p : parameters) {
                String name = "base_model.model." + p.getName();
                var entry = f.tensors().get(name);
                NDArray array = p.getArray();
                if (entry == null || entry.dtype() != TensorDType.F32
                        || !java.util.Arrays.equals(entry.shape(), array.getShape().getShape())) {
                    throw new HfModelException(file + ": tensor " + name + (entry == null ? " is missing"
                            : " is " + entry.dtype() + java.util.Arrays.toString(entry.shape()) + ", expected F32"
                            + java.util.Arrays.toString(array.getShape().getShape())));
                }
                float[] values = new float[Math.toIntExact(entry.elements())];
                f.map(entry).asFloatBuffer().get(values);
                array.set(values);
            }
        }
    }

    /** Writes the adapter in PEFT's layout into {@code dir}, naming {@code baseModel} as its base. */
    public void save(Path dir, String baseModel) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            long[] shape = array.getShape().getShape();
            writer.add("base_model.model." + p.getName(), TensorDType.F32, shape, () -> {
                ByteBuffer copy = ByteBuffer.allocateDirect(Math.toIntExact(array.size() * 4)).order(ByteOrder.LITTLE_ENDIAN);
                copy.asFloatBuffer().put(array.toFloatArray());
                return copy;
            }, array.size() * 4);
        }
        writer.write(dir.resolve("adapter_model.safetensors"));
        ObjectNode config = JSON.createObjectNode();
        config.put("peft_type", "LORA");
        config.put("task_type", "CAUSAL_LM");
        config.put("base_model_name_or_path", baseModel);
        config.put("r", settings.rank());
        config.put("lora_alpha", settings.alpha());
        config.put("lora_dropout", 0.0);
        config.put("bias", "none");
        config.put("fan_in_fan_out", false);
        settings.targets().stream().sorted().forEach(config.putArray("target_modules")::add);
        Files.writeString(dir.resolve("adapter_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }
}
