package dev.rwb.engine.hf.safetensors;

import ai.djl.ndarray.types.DataType;

/** The safetensors dtypes this project reads and writes, with their DJL counterparts and widths. */
public enum TensorDType {
    F32("F32", DataType.FLOAT32, 4),
    F16("F16", DataType.FLOAT16, 2),
    BF16("BF16", DataType.BFLOAT16, 2),
    I64("I64", DataType.INT64, 8);

    private final String code;
    private final DataType djl;
    private final int bytes;

    TensorDType(String code, DataType djl, int bytes) {
        this.code = code;
        this.djl = djl;
        this.bytes = bytes;
    }

    /** The name in the safetensors header ({@code "BF16"}). */
    public String code() {
        return code;
    }

    public DataType djl() {
        return djl;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype of a header code, or null if this project does not support it. */
    public static TensorDType ofCode(String code) {
        for (TensorDType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        return null;
    }

    /** The dtype that stores DJL's {@code type}; throws for types safetensors files here do not use. */
    public static TensorDType of(DataType type) {
        for (TensorDType t : values()) {
            if (t.djl == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("no safetensors dtype for " + type);
    }
}
