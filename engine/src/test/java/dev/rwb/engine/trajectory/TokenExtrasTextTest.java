package dev.rwb.engine.trajectory;

import dev.rwb.engine.interop.export.TrajectoryHtml;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.OkabeIto;
import dev.rwb.engine.palette.RoleColors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenExtrasTextTest {

    private static Trajectory oneModelToken() {
        TokenArrays a = TokenArrays.builder().add(5, "<|im_start|>", Role.TEMPLATE, 0)
                .add(7, "Ada", Role.ANSWER, 0, 1f, -0.5f, Float.NaN, 1f, 0.5f, 0.1f, false)
                .topLogprobs(new TopLogprobs(new String[] {"Ada", "Bob"}, new float[] {-0.5f, -1.25f})).build();
        float[] trainer = {Float.NaN, -0.4f};
        float[] kl = {Float.NaN, 0.005f};
        a = a.withExtras(trainer, kl, a.topLogprobs(), Map.of("rl", new float[] {0f, 1f}));
        return new Trajectory(0, "r", 0, "p", "g", 0, "t", "Ada", "Ada", 1, Map.of(), true, FinishReason.STOP, 0,
                false, List.of(), a);
    }

    @Test
    void saysOnlyWhatWasRecorded() {
        TokenArrays a = oneModelToken().tokens();
        assertEquals(List.of("loss streams rl 0.0000"), TokenExtrasText.lines(a, 0));
        List<String> model = TokenExtrasText.lines(a, 1);
        // ρ = exp(−0.4 − (−0.5)) = exp(0.1)
        assertEquals(String.format(java.util.Locale.ROOT, "trainer logprob -0.4000   importance ratio %.4f   "
                + "mismatch KL 0.0050", Math.exp(0.1)), model.get(0));
        assertEquals("top 2: \"Ada\" -0.5000, \"Bob\" -1.2500", model.get(1));
        assertEquals("loss streams rl 1.0000", model.get(2));
    }

    @Test
    void theHtmlTooltipAndRoleKeyShowThemAndTheTemplateRole() {
        String html = TrajectoryHtml.render(oneModelToken(), ColorMode.ROLE);
        assertTrue(html.contains("importance ratio"), "the export's tooltip carries the schema-7 fields");
        assertTrue(html.contains("template"), "the role key names the template role");
        assertTrue(html.contains(".r-template{border-bottom-color:" + OkabeIto.BLACK), "drawn from the one colour table");
        for (Role r : Role.values()) {
            if (r != Role.TEMPLATE) {
                assertNotEquals(RoleColors.hex(Role.TEMPLATE), RoleColors.hex(r), "template is drawn distinctly from " + r);
            }
        }
    }
}
