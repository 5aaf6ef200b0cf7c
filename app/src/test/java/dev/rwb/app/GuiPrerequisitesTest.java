package dev.rwb.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuiPrerequisitesTest {
    private static final Map<String, String> X = Map.of("DISPLAY", ":0");

    @Test
    void aLinuxDesktopWithGtkPasses() {
        assertEquals(Optional.empty(), new GuiPrerequisites("Linux", X, lib -> true).problem());
    }

    @Test
    void aServerWithoutDisplayIsToldToUseXvfbRun() {
        String line = new GuiPrerequisites("Linux", Map.of(), lib -> true).problem().orElseThrow();
        assertTrue(line.contains("DISPLAY is not set") && line.contains("xvfb-run -a ./rwb gui"), line);
        assertEquals(line, new GuiPrerequisites("Linux", Map.of("DISPLAY", " "), lib -> true).problem().orElseThrow());
    }

    @Test
    void aDesktopWithoutGtkIsToldThePackage() {
        String line = new GuiPrerequisites("Linux", X, lib -> !lib.equals("libgtk-3.so.0")).problem().orElseThrow();
        assertTrue(line.contains("GTK 3 is missing") && line.contains("apt-get install libgtk-3-0"), line);
    }

    @Test
    void bothMissingNamesBothFixesOnOneLine() {
        String line = new GuiPrerequisites("Linux", Map.of(), lib -> false).problem().orElseThrow();
        assertTrue(line.contains("libgtk-3-0") && line.contains("xvfb-run -a ./rwb gui"), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void otherSystemsAreNotChecked() {
        assertEquals(Optional.empty(), new GuiPrerequisites("Mac OS X", Map.of(), lib -> false).problem());
        assertEquals(Optional.empty(), new GuiPrerequisites("Windows 11", Map.of(), lib -> false).problem());
    }

    @Test
    void javafxStartupFailuresAreTranslated() {
        RuntimeException display = new RuntimeException(new UnsupportedOperationException("Unable to open DISPLAY"));
        assertTrue(GuiPrerequisites.explain(display, Map.of("DISPLAY", ":99")).orElseThrow().contains("':99'"));
        assertEquals(GuiPrerequisites.NO_GTK, GuiPrerequisites.explain(
                new UnsupportedOperationException("Unable to load glass GTK library."), X).orElseThrow());
        assertEquals(Optional.empty(), GuiPrerequisites.explain(new IllegalStateException("other"), X));
    }

    @Test
    void ldconfigListingIsParsedBySoname() {
        String listing = """
                1234 libs found in cache `/etc/ld.so.cache'
                \tlibgtk-3.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgtk-3.so.0
                \tlibgtk-x11-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgtk-x11-2.0.so.0
                """;
        assertEquals(List.of(Path.of("/lib/x86_64-linux-gnu/libgtk-3.so.0")),
                GuiPrerequisites.SharedLibraries.parseLdconfig(listing, "libgtk-3.so.0"));
        assertEquals(List.of(), GuiPrerequisites.SharedLibraries.parseLdconfig(listing, "libgtk-4.so.1"));
    }

    @Test
    void aLibraryOnLdLibraryPathIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("libnot-in-cache.so.7"), "ELF");
        assertTrue(GuiPrerequisites.SharedLibraries.find("libnot-in-cache.so.7", "/nonexistent:" + dir));
    }
}
