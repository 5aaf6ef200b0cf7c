package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values (B,H,S,d_head) of one decoder layer for every slot fed so far. The arrays live
 * in the session's manager, not the per-step one, and the previous pair is closed when it grows.
 */
final class LayerCache implements AutoCloseable {
    private final NDManager owner;
    private NDArray keys;
    private NDArray values;

    LayerCache(NDManager owner) {
        this.owner = owner;
    }

    /** Appends this step's keys/values (B,H,t,d_head) and returns the full (B,H,S+t,d_head) pair. */
    NDList extend(NDArray k, NDArray v) {
        NDArray newKeys = keys == null ? k : keys.concat(k, 2);
        NDArray newValues = values == null ? v : values.concat(v, 2);
        newKeys.attach(owner);
        newValues.attach(owner);
        close();
        keys = newKeys;
        values = newValues;
        return new NDList(keys, values);
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
            values.close();
        }
        keys = null;
        values = null;
    }
}
