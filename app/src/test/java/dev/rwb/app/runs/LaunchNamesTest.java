package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LaunchNamesTest {
    @Test
    void aTakenNameGetsTheFirstFreeSuffix() {
        assertEquals("grpo", LaunchNames.unique("grpo", Set.of("other")));
        assertEquals("grpo-2", LaunchNames.unique("grpo", Set.of("grpo")));
        assertEquals("grpo-4", LaunchNames.unique("grpo", Set.of("grpo", "grpo-2", "grpo-3")));
    }

    @Test
    void renamingKeepsTheRestOfTheConfig() throws Exception {
        String json = LaunchNames.withName("{\"name\":\"grpo\",\"steps\":5,\"task\":{\"name\":\"countdown\"}}", "grpo-2");
        var node = new ObjectMapper().readTree(json);
        assertEquals("grpo-2", node.get("name").asText());
        assertEquals(5, node.get("steps").asInt());
        assertEquals("countdown", node.get("task").get("name").asText(), "nested names are not touched");
    }
}
