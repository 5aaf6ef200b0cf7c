package dev.rwb.engine.interop;

import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiChatImporterTest {
    static final String CONVERSATION = "{\"messages\": ["
            + "{\"role\": \"system\", \"content\": \"You are helpful.\"},"
            + "{\"role\": \"user\", \"content\": \"What is 12*7?\"},"
            + "{\"role\": \"assistant\", \"content\": \"<think>use the tool</think>\", \"tool_calls\": [{\"id\": \"c1\","
            + " \"type\": \"function\", \"function\": {\"name\": \"calc\", \"arguments\": \"{\\\"expr\\\": \\\"12*7\\\"}\"}}]},"
            + "{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": \"84\"},"
            + "{\"role\": \"assistant\", \"content\": \"a draft\", \"weight\": 0},"
            + "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Sure?\"}]},"
            + "{\"role\": \"assistant\", \"content\": \"<answer>84</answer>\", \"weight\": 1}],"
            + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"calc\"}}]}";

    private static List<Trajectory> read(Path file) throws Exception {
        List<Trajectory> out = new ArrayList<>();
        Importers.forFormat(ImportFormat.OPENAI_CHAT).read(file, ImportOptions.defaults(), out::add);
        return out;
    }

    private static Set<Role> rolesOf(TokenArrays a, String textPart) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        int at = a.text().indexOf(textPart);
        int pos = 0;
        for (int i = 0; i < a.length(); i++) {
            int end = pos + a.tokenText()[i].length();
            if (end > at && pos < at + textPart.length()) {
                roles.add(a.roles()[i]);
            }
            pos = end;
        }
        return roles;
    }

    private static float weightAt(TokenArrays a, String textPart) {
        int at = a.text().indexOf(textPart);
        int pos = 0;
        for (int i = 0; i < a.length(); i++) {
            pos += a.tokenText()[i].length();
            if (pos > at) {
                return a.lossWeights()[i];
            }
        }
        throw new AssertionError(textPart);
    }

    @Test
    void messagesBecomeRolesWeightsAndTurns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chats.jsonl");
        Fixtures.writeLines(file, List.of(CONVERSATION, CONVERSATION.replace("12*7?", "13*7?")));
        assertEquals(ImportFormat.OPENAI_CHAT, Importers.detect(file));
        List<Trajectory> ts = read(file);
        assertEquals(2, ts.size());
        Trajectory t = ts.get(0);
        assertEquals("chats", t.run());
        assertEquals(1, t.numToolCalls());
        assertEquals("84", t.finalAnswer());
        assertTrue(t.textOnly());
        TokenArrays a = t.tokens();
        assertEquals(Set.of(Role.SYSTEM), rolesOf(a, "You are helpful."));
        assertEquals(Set.of(Role.PROMPT), rolesOf(a, "What is"));
        assertEquals(Set.of(Role.REASONING), rolesOf(a, "use the tool"));
        assertEquals(Set.of(Role.TOOL_CALL), rolesOf(a, "{\"name\": \"calc\", \"arguments\": {\"expr\": \"12*7\"}}"));
        assertEquals(Set.of(Role.TOOL_RESPONSE), rolesOf(a, "84\n"));
        assertEquals(Set.of(Role.ANSWER), rolesOf(a, "<answer>84</answer>"));
        assertEquals(0f, weightAt(a, "a draft"), "weight 0 on a message masks its tokens");
        assertEquals(1f, weightAt(a, "use the tool"));
        assertEquals(0f, weightAt(a, "84\n"));
        assertEquals(0, a.turns()[a.text().indexOf("use")]);
        assertEquals(2, a.turns()[a.length() - 1], "a new turn after the tool and after the user");
        assertTrue(!t.groupId().equals(ts.get(1).groupId()), "different openings are different groups");
    }

    @Test
    void badMessagesAreNamedWithTheirPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Fixtures.writeLines(file, List.of(CONVERSATION, CONVERSATION.replace("\"role\": \"tool\"", "\"role\": \"robot\"")));
        TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("bad.jsonl:2: field 'messages[3].role': unknown role 'robot' (expected system, developer, user, "
                + "assistant or tool)", e.getMessage());

        Fixtures.writeLines(file, List.of(CONVERSATION.replace("\\\"12*7\\\"}", "12*")));
        e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("messages[2].tool_calls[0].function.arguments", e.field());

        Fixtures.writeLines(file, List.of("{\"messages\": [{\"role\": \"user\", \"content\": 42}]}"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("bad.jsonl:1: field 'messages[0].content': expected a string, null or a list of parts, found 42",
                e.getMessage());

        Fixtures.writeLines(file, List.of("{\"messages\": {}}"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("messages", e.field());

        Fixtures.writeLines(file, List.of("{\"messages\": [{\"role\": \"assistant\", \"content\": \"x\", \"weight\": 0.5}]}"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("messages[0].weight", e.field());

        Fixtures.writeLines(file, List.of("[1, 2]"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(file));
        assertEquals("bad.jsonl:1: expected a JSON object, found array", e.getMessage());
    }
}
