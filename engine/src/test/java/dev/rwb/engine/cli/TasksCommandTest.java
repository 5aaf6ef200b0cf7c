package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasksCommandTest {
    private static String[] run(String... args) {
        TasksCommand cmd = new TasksCommand();
        StringWriter sw = new StringWriter();
        cmd.out = new PrintWriter(sw, true);
        int code = new CommandLine(cmd).execute(args);
        return new String[] {Integer.toString(code), sw.toString()};
    }

    @Test
    void printsOneJsonObjectPerInstance() throws Exception {
        String[] r = run("--task", "arithmetic", "--seed", "4", "--n", "3", "--level", "2", "--split", "heldout", "--json");
        assertEquals("0", r[0]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertEquals("arithmetic", n.get("task").asText());
            assertEquals("heldout", n.get("split").asText());
            assertEquals(2, n.get("level").asInt());
            assertTrue(n.get("prompt").asText().startsWith("Compute "));
            assertTrue(n.get("attributes").has("expression"));
        }
        assertEquals(r[1], run("--task", "arithmetic", "--seed", "4", "--n", "3", "--level", "2", "--split", "heldout",
                "--json")[1]);
    }

    @Test
    void badArgumentsExitWithCode2() {
        assertEquals("2", run("--task", "nope")[0]);
        assertEquals("2", run("--task", "countdown", "--level", "9")[0]);
        assertEquals("2", run("--task", "countdown", "--split", "dev")[0]);
    }
}
