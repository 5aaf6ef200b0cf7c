package dev.rwb.engine.model;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CudaProbeLoggingTest {
    @Test
    void theCpuBuildQuietensTheProbe() {
        Properties p = new Properties();
        assertTrue(CudaProbeLogging.configure(Map.of(), p));
        assertEquals("error", p.getProperty(CudaProbeLogging.LOGGER_LEVEL));
        Properties cpu = new Properties();
        assertTrue(CudaProbeLogging.configure(Map.of("PYTORCH_FLAVOR", "cpu"), cpu));
    }

    @Test
    void aRequestedCudaBuildKeepsItsWarnings() {
        Properties flavor = new Properties();
        assertFalse(CudaProbeLogging.configure(Map.of("PYTORCH_FLAVOR", "cu128"), flavor));
        assertNull(flavor.getProperty(CudaProbeLogging.LOGGER_LEVEL));
        Properties library = new Properties();
        assertFalse(CudaProbeLogging.configure(Map.of("PYTORCH_LIBRARY_PATH", "/opt/torch/lib"), library));
        Properties asProperty = new Properties();
        asProperty.setProperty("PYTORCH_FLAVOR", "cu128");
        assertFalse(CudaProbeLogging.configure(Map.of(), asProperty));
    }

    @Test
    void anExplicitLevelIsKept() {
        Properties p = new Properties();
        p.setProperty(CudaProbeLogging.LOGGER_LEVEL, "debug");
        assertFalse(CudaProbeLogging.configure(Map.of(), p));
        assertEquals("debug", p.getProperty(CudaProbeLogging.LOGGER_LEVEL));
    }
}
