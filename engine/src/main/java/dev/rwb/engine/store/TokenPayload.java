package dev.rwb.engine.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact, compressed form of a trajectory's per-token arrays (schema 8): one BLOB holding a
 * list of named arrays, so a new per-token field needs no new column and no migration (a payload
 * written before the field existed simply lacks it).
 *
 * <p>Layout before compression: format byte, varint token count, varint array count, then per
 * array its name, its kind, its length and its layout: {@code CONSTANT} (one value for every token, e.g. a turn
 * of 0 or an advantage shared by the response), {@code ALL_NAN} (no bytes at all: a text-only
 * import has no logprobs) or {@code DENSE}. Dense ints are zig-zag varints of the difference to
 * the previous value (ids of neighbouring tokens, turns and token lengths are small or repeat);
 * dense float32 values are stored exactly, their four bytes split into four planes (all low bytes,
 * then all second bytes, …), which lets the compressor find the repeated sign/exponent bytes.
 * The whole is compressed with zstd (a maintained codec; its native part ships in the jar).
 */
final class TokenPayload {
    /** Bumped when the layout changes; a reader refuses a format it does not know. */
    static final int FORMAT = 1;
    /**
     * zstd level 1: about 4× on these arrays. Measured on the import bench's 20 MB verl dump (46 MB of
     * raw arrays): level 3 (zstd's default) 11.22 MB in ~5.3 ms of CPU per source MB, level 1 11.27 MB
     * (+0.4%) in ~3.7 ms. Any level decodes the same.
     */
    static final int LEVEL = 1;
    private static final int DENSE = 0;
    private static final int CONSTANT = 1;
    private static final int ALL_NAN = 2;

    /** How an array's values are stored. */
    enum Kind {
        /** int32 values (ids, turns, lengths): delta, zig-zag, varint. */
        INT,
        /** float32 values, bit-exact (every array a recompute reads). */
        FLOAT32,
        /** one byte per token (role codes, flags). */
        BYTE,
        /** UTF-8 strings: varint byte lengths, then the bytes (e.g. the text of top-k alternatives). */
        STRING
    }

    /**
     * One named array: {@code values} is an {@code int[]}, {@code float[]}, {@code byte[]} or
     * {@code String[]} by kind. Most have one value per token; a ragged field (several alternatives
     * per token) is a per-token count array plus flat arrays of any length.
     */
    record NamedArray(String name, Kind kind, Object values) {
        int length() {
            return switch (kind) {
                case INT -> ((int[]) values).length;
                case FLOAT32 -> ((float[]) values).length;
                case BYTE -> ((byte[]) values).length;
                case STRING -> ((String[]) values).length;
            };
        }
    }

    private TokenPayload() {
    }

    /** Encodes and compresses the arrays of a trajectory of {@code n} tokens. */
    static byte[] encode(int n, List<NamedArray> arrays) {
        ByteSink out = SINKS.get();
        out.size = 0;
        out.put(FORMAT);
        out.varint(n);
        out.varint(arrays.size());
        for (NamedArray a : arrays) {
            byte[] name = a.name().getBytes(StandardCharsets.UTF_8);
            out.varint(name.length);
            out.put(name);
            out.put(a.kind().ordinal());
            out.varint(a.length());
            switch (a.kind()) {
                case INT -> putInts(out, (int[]) a.values());
                case FLOAT32 -> putFloats(out, (float[]) a.values());
                case BYTE -> putBytes(out, (byte[]) a.values());
                case STRING -> putStrings(out, (String[]) a.values());
            }
        }
        int bound = (int) Zstd.compressBound(out.size);
        if (out.dst.length < bound) {
            out.dst = new byte[bound];
        }
        byte[] compressed = compress(out.buf, out.size, out.dst);
        out.release();
        return compressed;
    }

    /**
     * Each thread's encoding buffer, kept between payloads: the raw layout is about twice the size of
     * the text it describes (float planes), and a fresh, doubling array per trajectory was most of an
     * import's allocation after the token texts.
     */
    private static final ThreadLocal<ByteSink> SINKS = ThreadLocal.withInitial(() -> new ByteSink(1 << 16));

    /**
     * Compression contexts kept for reuse, at most a few per core: {@code Zstd.compress(byte[], int)} makes
     * and frees a context (its tables) for every payload, which was a third of the native samples of an
     * import's workers. A reused context at the same level writes the same bytes.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<ZstdCompressCtx> CONTEXTS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int MAX_CONTEXTS = 2 * Runtime.getRuntime().availableProcessors();

    static byte[] compress(byte[] raw) {
        return compress(raw, raw.length, new byte[(int) Zstd.compressBound(raw.length)]);
    }

    /**
     * Compresses {@code raw[0, length)} through {@code dst} (at least {@code compressBound(length)}
     * long): the same frame as {@code ZstdCompressCtx.compress} of that range.
     */
    private static byte[] compress(byte[] raw, int length, byte[] dst) {
        ZstdCompressCtx ctx = CONTEXTS.poll();
        if (ctx == null) {
            ctx = new ZstdCompressCtx();
            ctx.setLevel(LEVEL);
        }
        boolean reusable = false;
        try {
            int size = ctx.compressByteArray(dst, 0, dst.length, raw, 0, length);
            reusable = true;
            return java.util.Arrays.copyOf(dst, size);
        } finally {
            if (reusable && CONTEXTS.size() < MAX_CONTEXTS) {
                CONTEXTS.offer(ctx);
            } else {
                ctx.close();
            }
        }
    }

    /** Decompresses and decodes a payload: the arrays by name. */
    static Map<String, NamedArray> decode(byte[] blob) {
        long size = Zstd.getFrameContentSize(blob);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new StoreException("corrupt token payload: no content size in its zstd frame");
        }
        ByteSource in = new ByteSource(Zstd.decompress(blob, (int) size));
        int format = in.get();
        if (format != FORMAT) {
            throw new StoreException("token payload format " + format + " is not known to this workbench (knows " + FORMAT + ")");
        }
        in.varint(); // the token count: each array carries its own length
        int count = in.varint();
        Map<String, NamedArray> out = new LinkedHashMap<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < count; i++) {
            String name = new String(in.bytes(in.varint()), StandardCharsets.UTF_8);
            int kind = in.get();
            if (kind < 0 || kind >= kinds.length) {
                throw new StoreException("corrupt token payload: array " + name + " has kind " + kind);
            }
            int length = in.varint();
            if (length < 0) {
                throw new StoreException("corrupt token payload: array " + name + " has length " + length);
            }
            Object values = switch (kinds[kind]) {
                case INT -> getInts(in, length);
                case FLOAT32 -> getFloats(in, length);
                case BYTE -> getBytes(in, length);
                case STRING -> getStrings(in, length);
            };
            out.put(name, new NamedArray(name, kinds[kind], values));
        }
        return out;
    }

    private static void putInts(ByteSink out, int[] v) {
        if (allEqual(v)) {
            out.put(CONSTANT);
            out.varint(zigzag(v.length == 0 ? 0 : v[0]));
            return;
        }
        out.put(DENSE);
        out.ensure(5 * v.length);
        byte[] buf = out.buf;
        int pos = out.size;
        int previous = 0;
        for (int x : v) {
            // d = x − previous (int arithmetic wraps, and so does the decoder's sum: exact for any ints)
            int z = zigzag(x - previous);
            previous = x;
            while ((z & ~0x7f) != 0) {
                buf[pos++] = (byte) ((z & 0x7f) | 0x80);
                z >>>= 7;
            }
            buf[pos++] = (byte) z;
        }
        out.size = pos;
    }

    private static int[] getInts(ByteSource in, int n) {
        int layout = in.get();
        int[] v = new int[n];
        if (layout == CONSTANT) {
            java.util.Arrays.fill(v, unzigzag(in.varint()));
        } else {
            int previous = 0;
            for (int i = 0; i < n; i++) {
                previous += unzigzag(in.varint());
                v[i] = previous;
            }
        }
        return v;
    }

    private static void putFloats(ByteSink out, float[] v) {
        boolean allNan = true;
        for (float x : v) {
            if (!Float.isNaN(x)) {
                allNan = false;
                break;
            }
        }
        if (allNan) {
            out.put(ALL_NAN);
            return;
        }
        boolean constant = true;
        int first = Float.floatToRawIntBits(v.length == 0 ? Float.NaN : v[0]);
        for (float x : v) {
            if (Float.floatToRawIntBits(x) != first) {
                constant = false;
                break;
            }
        }
        if (constant) {
            out.put(CONSTANT);
            out.int32(first);
            return;
        }
        out.put(DENSE);
        // the four planes written in one pass over the values
        int n = v.length;
        out.ensure(4 * n);
        byte[] buf = out.buf;
        int p0 = out.size;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            buf[p0 + i] = (byte) bits;
            buf[p0 + n + i] = (byte) (bits >>> 8);
            buf[p0 + 2 * n + i] = (byte) (bits >>> 16);
            buf[p0 + 3 * n + i] = (byte) (bits >>> 24);
        }
        out.size = p0 + 4 * n;
    }

    private static float[] getFloats(ByteSource in, int n) {
        int layout = in.get();
        float[] v = new float[n];
        if (layout == ALL_NAN) {
            java.util.Arrays.fill(v, Float.NaN);
        } else if (layout == CONSTANT) {
            java.util.Arrays.fill(v, Float.intBitsToFloat(in.int32()));
        } else {
            // the four planes read in place (one bounds check for all of them, not one per byte)
            byte[] buf = in.buf;
            int p0 = in.skip(4 * n);
            int p1 = p0 + n;
            int p2 = p1 + n;
            int p3 = p2 + n;
            for (int i = 0; i < n; i++) {
                v[i] = Float.intBitsToFloat((buf[p0 + i] & 0xff) | (buf[p1 + i] & 0xff) << 8
                        | (buf[p2 + i] & 0xff) << 16 | (buf[p3 + i] & 0xff) << 24);
            }
        }
        return v;
    }

    private static void putBytes(ByteSink out, byte[] v) {
        boolean constant = true;
        for (byte b : v) {
            if (b != v[0]) {
                constant = false;
                break;
            }
        }
        if (constant) {
            out.put(CONSTANT);
            out.put(v.length == 0 ? 0 : v[0]);
        } else {
            out.put(DENSE);
            out.put(v);
        }
    }

    private static byte[] getBytes(ByteSource in, int n) {
        int layout = in.get();
        if (layout == CONSTANT) {
            byte[] v = new byte[n];
            java.util.Arrays.fill(v, (byte) in.get());
            return v;
        }
        return in.bytes(n);
    }

    private static void putStrings(ByteSink out, String[] v) {
        byte[][] utf8 = new byte[v.length][];
        for (int i = 0; i < v.length; i++) {
            utf8[i] = v[i].getBytes(StandardCharsets.UTF_8);
            out.varint(utf8[i].length);
        }
        for (byte[] b : utf8) {
            out.put(b);
        }
    }

    private static String[] getStrings(ByteSource in, int n) {
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = in.varint();
        }
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = new String(in.bytes(lengths[i]), StandardCharsets.UTF_8);
        }
        return v;
    }

    private static boolean allEqual(int[] v) {
        for (int x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** Zig-zag: 0, −1, 1, −2, … → 0, 1, 2, 3, … so small negative numbers stay short varints. */
    private static int zigzag(int x) {
        return (x << 1) ^ (x >> 31);
    }

    private static int unzigzag(int z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** A growable byte array with varint writing. */
    private static final class ByteSink {
        /** A buffer grown past this for one huge payload is not kept for the next. */
        private static final int KEEP_BYTES = 1 << 22;
        private byte[] buf;
        private int size;
        /** Where the compressor writes before the result is cut to size. */
        private byte[] dst = new byte[1 << 16];

        ByteSink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        /** Room for {@code extra} more bytes. */
        void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void put(int b) {
            if (size == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = (byte) b;
        }

        void put(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        /** Unsigned LEB128: 7 bits per byte, high bit = more bytes follow. */
        void varint(int v) {
            while ((v & ~0x7f) != 0) {
                put((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            put(v);
        }

        void int32(int v) {
            for (int i = 0; i < 4; i++) {
                put(v >>> (8 * i));
            }
        }

        /** Done with this payload: drops a buffer that one huge trajectory grew. */
        void release() {
            if (buf.length > KEEP_BYTES) {
                buf = new byte[1 << 16];
            }
            if (dst.length > KEEP_BYTES) {
                dst = new byte[1 << 16];
            }
            size = 0;
        }
    }

    /** Reads what {@link ByteSink} wrote; running past the end is a corrupt payload. */
    private static final class ByteSource {
        private final byte[] buf;
        private int pos;

        ByteSource(byte[] buf) {
            this.buf = buf;
        }

        int get() {
            if (pos >= buf.length) {
                throw new StoreException("corrupt token payload: it ends early");
            }
            return buf[pos++];
        }

        /** Steps over {@code n} bytes; returns where they start. */
        int skip(int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new StoreException("corrupt token payload: it ends early");
            }
            int start = pos;
            pos += n;
            return start;
        }

        byte[] bytes(int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new StoreException("corrupt token payload: it ends early");
            }
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        int varint() {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = get();
                v |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new StoreException("corrupt token payload: a varint longer than 5 bytes");
        }

        int int32() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (get() & 0xff) << (8 * i);
            }
            return v;
        }
    }
}
