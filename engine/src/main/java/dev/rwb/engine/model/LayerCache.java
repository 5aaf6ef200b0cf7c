package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of one decoder layer, preallocated as (B,H,capacity+1,d_head) and written in place:
 * sequence b's token at position p lives in slot p of row b, so every row is compact whatever the
 * other rows do, and a feed costs a write of its own keys/values instead of a copy of the cache.
 * The extra last slot is scratch: padding cells of a ragged chunk are written there. Capacity grows
 * by doubling (a one-off copy) up to the context length. The arrays live in the session's manager.
 */
public final class LayerCache implements AutoCloseable {
    /** Where one feed writes and what it reads back; built once per feed and shared by all layers. */
    record Frame(NDIndex writeAt, NDIndex readBack, NDManager step) {
    }

    private final NDManager owner;
    private final long batch;
    private final long heads;
    private final long headSize;
    private final DataType type;
    private NDArray keys;
    private NDArray values;
    private int capacity;
    private Frame frame;

    LayerCache(NDManager owner, long batch, long heads, long headSize, DataType type) {
        this.owner = owner;
        this.batch = batch;
        this.heads = heads;
        this.headSize = headSize;
        this.type = type;
    }

    /** Slots available for real tokens; slot {@code capacity()} is the scratch slot. */
    int capacity() {
        return capacity;
    }

    /** Grows the arrays (keeping their contents) so that at least {@code slots} real slots exist. */
    void reserve(int slots, int maxSlots) {
        if (slots <= capacity) {
            return;
        }
        int grown = Math.min(maxSlots, Math.max(Math.max(64, slots), 2 * capacity));
        // zeros, not uninitialised memory: a masked slot has weight exactly 0, and 0·NaN would be NaN
        NDArray newKeys = owner.zeros(new Shape(batch, heads, grown + 1L, headSize), type);
        NDArray newValues = owner.zeros(new Shape(batch, heads, grown + 1L, headSize), type);
        if (keys != null) {
            NDIndex prefix = new NDIndex(":, :, :" + capacity);
            try (NDArray k = keys.get(prefix); NDArray v = values.get(prefix)) {
                newKeys.set(prefix, k);
                newValues.set(prefix, v);
            }
            close();
        }
        keys = newKeys;
        values = newValues;
        capacity = grown;
    }

    /** Sets where the next {@link #extend} writes and what it returns. */
    void frame(Frame next) {
        this.frame = next;
    }

    /**
     * Writes this feed's keys/values (A,H,t,d_head) to their slots and returns the fed rows' cache
     * prefix (A,H,S,d_head) that the feed attends over.
     */
    public NDList extend(NDArray k, NDArray v) {
        long a = k.getShape().get(0);
        long t = k.getShape().get(2);
        // (A,H,t,d) → (A·t,H,d): one (row, slot) pair per chunk cell
        keys.set(frame.writeAt(), k.transpose(0, 2, 1, 3).reshape(a * t, heads, headSize));
        values.set(frame.writeAt(), v.transpose(0, 2, 1, 3).reshape(a * t, heads, headSize));
        NDArray readKeys = keys.get(frame.readBack());
        NDArray readValues = values.get(frame.readBack());
        // results of an op on the cache belong to the session's manager: hand them to the step's
        readKeys.attach(frame.step());
        readValues.attach(frame.step());
        return new NDList(readKeys, readValues);
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
