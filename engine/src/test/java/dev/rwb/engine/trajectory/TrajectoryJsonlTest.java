package dev.rwb.engine.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoryJsonlTest {

    @Test
    void roundTripKeepsEveryField(@TempDir Path dir) throws Exception {
        Trajectory t = TestTrajectories.searchEpisode("run-a", 3, "g1", 2, 1.1, true, "Ada");
        Path file = dir.resolve("t.jsonl");
        TrajectoryJsonl.write(List.of(t, t), file);
        List<Trajectory> back = TrajectoryJsonl.read(file);
        assertEquals(2, back.size());
        Trajectory r = back.get(0);
        assertTrue(r.tokens().contentEquals(t.tokens()), "token arrays survive the round trip, NaN included");
        assertEquals(t.withId(0), r.withTokens(t.tokens()), "trajectory-level fields survive the round trip");
        assertTrue(Float.isNaN(r.tokens().logprobs()[0]), "prompt logprob is NaN (written as null)");
        assertTrue(Files.readString(file).contains("\"schema_version\":1"));
    }

    private static String line(String tokensJson) {
        return "{\"run\":\"r\",\"step\":0,\"task\":\"t\",\"reward\":1.0,\"finish_reason\":\"stop\",\"tokens\":"
                + tokensJson + "}";
    }

    private static TrajectoryFormatException parseError(String content) {
        return assertThrows(TrajectoryFormatException.class,
                () -> TrajectoryJsonl.read(new StringReader(content), "bad.jsonl"));
    }

    @Test
    void arraysOfDifferentLengthNameFileLineAndField() {
        String good = line("{\"token_ids\":[1,2],\"token_text\":[\"a\",\"b\"],\"role\":[\"PROMPT\",\"ANSWER\"]}");
        String bad = line("{\"token_ids\":[1,2],\"token_text\":[\"a\",\"b\"],\"role\":[\"PROMPT\",\"ANSWER\"],"
                + "\"logprob\":[-0.5]}");
        TrajectoryFormatException e = parseError(good + "\n\n" + bad + "\n");
        assertEquals(3, e.line());
        assertEquals("tokens.logprob", e.field());
        assertTrue(e.getMessage().startsWith("bad.jsonl:3: field 'tokens.logprob'"), e.getMessage());
        assertTrue(e.getMessage().contains("has 1 values but tokens.token_ids has 2"), e.getMessage());
    }

    @Test
    void unknownRoleIsNamed() {
        TrajectoryFormatException e = parseError(line(
                "{\"token_ids\":[1,2],\"token_text\":[\"a\",\"b\"],\"role\":[\"PROMPT\",\"WIZARD\"]}"));
        assertEquals("tokens.role[1]", e.field());
        assertTrue(e.getMessage().contains("unknown role 'WIZARD'"), e.getMessage());
    }

    @Test
    void badNumbersAreNamed() {
        TrajectoryFormatException e = parseError(line("{\"token_ids\":[1,2],\"token_text\":[\"a\",\"b\"],"
                + "\"role\":[\"PROMPT\",\"ANSWER\"],\"entropy\":[0.1,\"lots\"]}"));
        assertEquals("tokens.entropy[1]", e.field());
        TrajectoryFormatException ids = parseError(line(
                "{\"token_ids\":[1,2.5],\"token_text\":[\"a\",\"b\"],\"role\":[\"PROMPT\",\"ANSWER\"]}"));
        assertEquals("tokens.token_ids[1]", ids.field());
        TrajectoryFormatException positive = parseError(line("{\"token_ids\":[1],\"token_text\":[\"a\"],"
                + "\"role\":[\"ANSWER\"],\"logprob\":[0.7]}"));
        assertTrue(positive.getMessage().contains("cannot be positive"), positive.getMessage());
        TrajectoryFormatException reward = parseError(
                "{\"run\":\"r\",\"step\":0,\"task\":\"t\",\"reward\":\"high\",\"finish_reason\":\"stop\",\"tokens\":{}}");
        assertEquals("reward", reward.field());
    }

    @Test
    void missingFieldsAndBrokenJsonAreReported() {
        assertEquals("run", parseError("{\"step\":0}").field());
        TrajectoryFormatException json = parseError("{\"run\": ");
        assertEquals(1, json.line());
        assertTrue(json.getMessage().contains("not valid JSON"), json.getMessage());
        TrajectoryFormatException finish = parseError(
                "{\"run\":\"r\",\"step\":0,\"task\":\"t\",\"reward\":1,\"finish_reason\":\"bored\",\"tokens\":{}}");
        assertEquals("finish_reason", finish.field());
        TrajectoryFormatException newer = parseError("{\"schema_version\":99,\"run\":\"r\"}");
        assertEquals("schema_version", newer.field());
    }
}
