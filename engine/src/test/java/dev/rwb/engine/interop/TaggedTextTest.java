package dev.rwb.engine.interop;

import dev.rwb.engine.trajectory.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaggedTextTest {

    private static List<String> describe(String text, TaggedText.Segmentation seg) {
        return seg.spans().stream().map(s -> s.role() + ":" + text.substring(s.start(), s.end())).toList();
    }

    @Test
    void searchR1TagsGiveRolesAndTheLastAnswer() {
        String text = "ok <think>a</think><search>q</search>\n<information>doc</information><answer> Ada </answer>";
        TaggedText.Segmentation seg = TaggedText.segment(text, Role.OTHER_MODEL);
        assertEquals(List.of("OTHER_MODEL:ok ", "REASONING:<think>a</think>", "TOOL_CALL:<search>q</search>",
                "OTHER_MODEL:\n", "TOOL_RESPONSE:<information>doc</information>", "ANSWER:<answer> Ada </answer>"),
                describe(text, seg));
        assertEquals(1, seg.toolCalls());
        assertEquals("Ada", seg.finalAnswer());
        assertFalse(seg.cutInsideTag());
    }

    @Test
    void toolCallJsonIsACallButOtherJsonIsNot() {
        String text = "x {\"name\": \"calc\", \"arguments\": {\"e\": \"}{\"}} y {\"name\": \"plain\"} z";
        TaggedText.Segmentation seg = TaggedText.segment(text, Role.OTHER_MODEL);
        assertEquals(List.of("OTHER_MODEL:x ", "TOOL_CALL:{\"name\": \"calc\", \"arguments\": {\"e\": \"}{\"}}",
                "OTHER_MODEL: y {\"name\": \"plain\"} z"), describe(text, seg));
        assertEquals(1, seg.toolCalls());
        assertNull(seg.finalAnswer());
    }

    @Test
    void anUnclosedTagRunsToTheEnd() {
        String text = "<think>still thinking";
        TaggedText.Segmentation seg = TaggedText.segment(text, Role.OTHER_MODEL);
        assertEquals(List.of("REASONING:<think>still thinking"), describe(text, seg));
        assertTrue(seg.cutInsideTag());
        assertTrue(TaggedText.segment("", Role.PROMPT).spans().isEmpty());
    }
}
