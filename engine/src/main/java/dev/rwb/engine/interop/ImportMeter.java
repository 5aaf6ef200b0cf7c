package dev.rwb.engine.interop;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the source bytes an import has read, for its progress bar: the importers' main pass reads
 * through {@link #counting}, which adds to the counter attached to the reading thread (none: no
 * count). Passes that only look ahead (a group scan, a vocabulary sample) are not counted, so the
 * count ends at the source's size.
 */
public final class ImportMeter {
    private static final ThreadLocal<AtomicLong> CURRENT = new ThreadLocal<>();

    private ImportMeter() {
    }

    /** Counts this thread's metered reads into {@code counter} until {@link #detach}. */
    public static void attach(AtomicLong counter) {
        CURRENT.set(counter);
    }

    public static void detach() {
        CURRENT.remove();
    }

    /** {@code in}, counting what is read from it into this thread's counter. */
    public static InputStream counting(InputStream in) {
        AtomicLong counter = CURRENT.get();
        if (counter == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counter.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    counter.addAndGet(n);
                }
                return n;
            }
        };
    }
}
