package dev.rwb.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad config stops {@code rwb train} with exit code 2 and a message naming the field. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void badConfigExitsTwoNamingTheField() throws Exception {
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, "{\"name\": \"x\", \"algorithm\": {\"name\": \"sac\"}}");
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Rwb()).execute("train", "--config", cfg.toString(), "--db", dir.resolve("db").toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(2, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("algorithm.name") && e.contains("sac"), e);
        String o = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(o.startsWith("{\"event\":\"failed\"") && o.contains("\"field\":\"algorithm.name\""), o);
        assertTrue(Files.notExists(dir.resolve("db")), "nothing is created for a bad config");
    }
}
