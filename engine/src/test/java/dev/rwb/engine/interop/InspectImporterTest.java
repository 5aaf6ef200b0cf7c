package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectImporterTest {

    /** A sample with a tool call, a tool answer stored as an attachment, a C score and output logprobs. */
    static ObjectNode sample(Object id, int epoch, String letter) {
        ObjectNode s = Fixtures.JSON.createObjectNode();
        if (id instanceof Integer i) {
            s.put("id", i);
        } else {
            s.put("id", id.toString());
        }
        s.put("epoch", epoch);
        s.put("input", "Who founded Acme?");
        s.put("target", "Ada");
        ArrayNode msgs = s.putArray("messages");
        msgs.addObject().put("role", "system").put("content", "Use tools.");
        msgs.addObject().put("role", "user").put("content", "Who founded Acme?");
        ObjectNode call = msgs.addObject().put("role", "assistant");
        ArrayNode parts = call.putArray("content");
        parts.addObject().put("type", "reasoning").put("reasoning", "I should search.");
        parts.addObject().put("type", "text").put("text", "Searching.");
        ObjectNode tc = call.putArray("tool_calls").addObject();
        tc.put("id", "t1").put("function", "search").put("type", "function");
        tc.putObject("arguments").put("query", "Acme founder");
        msgs.addObject().put("role", "tool").put("tool_call_id", "t1").put("function", "search")
                .put("content", "attachment://abc123");
        msgs.addObject().put("role", "assistant").put("content", "<answer>Ada</answer>");
        ObjectNode choice = s.putObject("output").put("stop_reason", "stop").putArray("choices").addObject();
        ArrayNode lps = choice.putObject("logprobs").putArray("content");
        for (String[] t : new String[][]{{"<answer>", "-0.01"}, {"Ada", "-0.5"}, {"</answer>", "-0.02"}}) {
            ObjectNode token = lps.addObject().put("token", t[0]).put("logprob", Double.parseDouble(t[1]));
            token.putArray("bytes");
            if (t[0].equals("Ada")) {
                ArrayNode top = token.putArray("top_logprobs");
                top.addObject().put("token", "Ada").put("logprob", -0.5).putArray("bytes");
                top.addObject().put("token", "Bob").put("logprob", -1.25).putArray("bytes");
            }
        }
        ObjectNode score = s.putObject("scores").putObject("match");
        score.put("value", letter).put("answer", "Ada").put("explanation", "exact");
        s.putObject("attachments").put("abc123", "Acme was founded by Ada.");
        return s;
    }

    static Path evalZip(Path dir, List<ObjectNode> samples) throws Exception {
        Path file = dir.resolve("run.eval");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "header.json", "{\"version\": 2, \"status\": \"success\", \"eval\": {\"run_id\": \"r1\", "
                    + "\"task\": \"acme_qa\", \"model\": \"m\"}}");
            put(zip, "_journal/start.json", "{}");
            for (ObjectNode s : samples) {
                put(zip, "samples/" + s.get("id").asText() + "_epoch_" + s.get("epoch").asInt() + ".json", s.toString());
            }
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream o = zip;
        o.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static List<Trajectory> read(Path file) throws Exception {
        List<Trajectory> out = new ArrayList<>();
        Importers.forFormat(ImportFormat.INSPECT).read(file, ImportOptions.defaults(), out::add);
        return out;
    }

    @Test
    void evalZipSamplesBecomeTrajectoriesWithLogprobs(@TempDir Path dir) throws Exception {
        Path file = evalZip(dir, List.of(sample(1, 1, "C"), sample(1, 2, "I")));
        assertEquals(ImportFormat.INSPECT, Importers.detect(file));
        List<Trajectory> ts = read(file);
        assertEquals(2, ts.size());
        Trajectory t = ts.get(0);
        assertEquals("run", t.run());
        assertEquals("acme_qa", t.task());
        assertEquals("1", t.groupId());
        assertEquals(0, t.sampleIndex());
        assertEquals(1, ts.get(1).sampleIndex(), "epochs are the group's samples");
        assertEquals(1.0, t.reward());
        assertEquals(0.0, ts.get(1).reward());
        assertTrue(t.correct());
        assertEquals("Ada", t.groundTruth());
        assertEquals("Ada", t.finalAnswer());
        assertEquals(1, t.numToolCalls());
        TokenArrays a = t.tokens();
        String text = a.text();
        assertTrue(text.contains("Acme was founded by Ada."), "attachment resolved: " + text);
        assertTrue(text.contains("I should search."));
        int n = a.length();
        assertEquals("Ada", a.tokenText()[n - 2]);
        assertEquals(-0.5f, a.logprobs()[n - 2]);
        assertArrayEquals(new String[] {"Ada", "Bob"}, a.topLogprobs()[n - 2].tokens(), "top-k alternatives are kept");
        assertArrayEquals(new float[] {-0.5f, -1.25f}, a.topLogprobs()[n - 2].logprobs());
        assertTrue(a.topLogprobs()[n - 1].isEmpty(), "a token without alternatives has none");
        assertEquals(-1, a.tokenIds()[n - 2], "ids are unknown without a tokenizer");
        assertEquals(Role.ANSWER, a.roles()[n - 2]);
        assertTrue(java.util.Arrays.asList(a.roles()).contains(Role.REASONING));
        assertTrue(java.util.Arrays.asList(a.roles()).contains(Role.TOOL_CALL));
        assertTrue(java.util.Arrays.asList(a.roles()).contains(Role.TOOL_RESPONSE));
        assertEquals(1, a.turns()[n - 1]);
    }

    @Test
    void jsonLogIsStreamedSampleBySample(@TempDir Path dir) throws Exception {
        ObjectNode log = Fixtures.JSON.createObjectNode();
        log.put("version", 2).put("status", "success");
        log.putObject("eval").put("task", "acme_json").put("run_id", "x");
        log.putArray("samples").add(sample("a", 1, "C")).add(sample("b", 1, "I")).add(sample("c", 1, "P"));
        log.putObject("results").put("total_samples", 3);
        Path file = dir.resolve("log.json");
        Files.writeString(file, log.toPrettyString());
        List<Trajectory> ts = read(file);
        assertEquals(3, ts.size());
        assertEquals("acme_json", ts.get(2).task());
        assertEquals(0.5, ts.get(2).reward());
        assertEquals("b", ts.get(1).promptId());
    }

    @Test
    void brokenLogsAreNamed(@TempDir Path dir) throws Exception {
        Path notZip = dir.resolve("broken.eval");
        Files.writeString(notZip, "this is not a zip");
        TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> read(notZip));
        assertTrue(e.getMessage().startsWith("broken.eval:0: not an inspect .eval log (not a ZIP archive)"), e.getMessage());

        ObjectNode s = sample(2, 1, "C");
        ((ObjectNode) s.get("attachments")).remove("abc123");
        Path zip = evalZip(dir, List.of(sample(1, 1, "C"), s));
        e = assertThrows(TrajectoryFormatException.class, () -> read(zip));
        assertEquals("run.eval!samples/2_epoch_1.json:1: field 'messages[3].content': refers to attachment 'abc123', "
                + "which the sample's attachments lack", e.getMessage());

        s = sample(3, 1, "C");
        ((ObjectNode) s.get("output").get("choices").get(0).get("logprobs").get("content").get(1)).put("logprob", "high");
        Path zip2 = evalZip(dir, List.of(s));
        e = assertThrows(TrajectoryFormatException.class, () -> read(zip2));
        assertEquals("output.choices[0].logprobs.content[1].logprob", e.field());

        s = sample(4, 1, "C");
        ((ObjectNode) s.get("output").get("choices").get(0).get("logprobs").get("content").get(1).get("top_logprobs")
                .get(1)).put("logprob", 0.5);
        Path zip3 = evalZip(dir, List.of(s));
        e = assertThrows(TrajectoryFormatException.class, () -> read(zip3));
        assertEquals("output.choices[0].logprobs.content[1].top_logprobs[1].logprob", e.field());

        Path json = dir.resolve("cut.json");
        Files.writeString(json, "{\"eval\": {\"task\": \"t\"}, \"samples\": [" + sample(1, 1, "C") + ", {\"id\": ");
        e = assertThrows(TrajectoryFormatException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith("cut.json:1: not valid JSON"), e.getMessage());

        Path noSamples = dir.resolve("empty.json");
        Files.writeString(noSamples, "{\"eval\": {}}");
        e = assertThrows(TrajectoryFormatException.class, () -> read(noSamples));
        assertEquals("samples", e.field());
    }
}
