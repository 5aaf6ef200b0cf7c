package dev.rwb.engine.model;

import java.util.Map;
import java.util.Properties;

/**
 * Whether DJL's CUDA probe may speak. DJL asks the CUDA runtime for a GPU count while it picks a
 * libtorch build, whatever build is configured. On a machine that has the CUDA toolkit but no
 * driver that probe logs "Failed to detect GPU count: CUDA driver version is insufficient" on
 * every start, although the project's default libtorch (DJL's CPU build from Maven Central)
 * cannot use a GPU anyway. So the probe's logger is lowered to errors unless the user asked for
 * a CUDA build ({@code PYTORCH_LIBRARY_PATH}, or a {@code PYTORCH_FLAVOR} starting with "cu",
 * see docs/CUDA.md): then its warnings are exactly what they need to see.
 */
public final class CudaProbeLogging {
    /** slf4j-simple's per-logger level key for DJL's CUDA probe. */
    static final String LOGGER_LEVEL = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    private CudaProbeLogging() {
    }

    /**
     * Sets the probe's log level in {@code properties} (the system properties in production) unless
     * it is set already. Must run before the first slf4j logger is created, since slf4j-simple
     * reads its configuration once.
     *
     * @return whether the probe was quietened
     */
    public static boolean configure(Map<String, String> env, Properties properties) {
        if (properties.getProperty(LOGGER_LEVEL) != null || wantsCuda(env, properties)) {
            return false;
        }
        properties.setProperty(LOGGER_LEVEL, "error");
        return true;
    }

    /** {@link #configure(Map, Properties)} for this JVM. */
    public static void configure() {
        configure(System.getenv(), System.getProperties());
    }

    private static boolean wantsCuda(Map<String, String> env, Properties properties) {
        String flavor = properties.getProperty("PYTORCH_FLAVOR", env.getOrDefault("PYTORCH_FLAVOR", ""));
        String libraryPath = properties.getProperty("PYTORCH_LIBRARY_PATH", env.getOrDefault("PYTORCH_LIBRARY_PATH", ""));
        return flavor.startsWith("cu") || !libraryPath.isBlank();
    }
}
