package dev.rwb.engine.lint;

import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rwb.engine.lint.LintFixtures.EPISODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One fixture per lint, each modelled on the public report it comes from, and a clean group that raises none. */
class LintChecksTest {
    private static final LintContext SEARCH_R1 = new LintContext(MaskPolicy.SEARCH_R1, 4, true, true);
    private final Linter linter = Linter.standard();

    @Test
    void theCleanGroupRaisesNothing() {
        List<Trajectory> group = LintFixtures.cleanGroup();
        assertEquals(List.of(), linter.lintAll(group, SEARCH_R1));
        assertEquals(List.of(), linter.lintAll(group, LintContext.UNKNOWN_RUN));
        Trajectory t = group.get(0);
        int inLoss = 15;
        assertEquals(List.of(), new ResponseLengthCheck().check(t, inLoss));
    }

    /** RAGEN #71: the mask was inverted, so only the observations (tool responses) trained. */
    @Test
    void invertedMaskTrainsTheToolResponse() {
        Trajectory t = LintFixtures.build(7, 0, 1, 0.8f, (i, tok) -> tok.role() == Role.TOOL_RESPONSE ? 1f : 0f);
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.MASKED_ROLE_TRAINED);
        assertEquals(1, f.size());
        assertEquals(List.of(21, 22, 23, 24, 25), f.get(0).positions());
        assertEquals(7, f.get(0).trajectoryId());
        assertTrue(f.get(0).message().contains("tool_response tokens at positions 21-25 (5 tokens)"),
                f.get(0).message());
        assertTrue(f.get(0).message().contains("no model-written token trains"), f.get(0).message());
        // without a policy on record, an inverted mask is still caught
        assertEquals(1, only(linter.lint(t, LintContext.UNKNOWN_RUN), LintCode.MASKED_ROLE_TRAINED).size());
        // under no-masking, tool responses train by design: nothing about them
        Trajectory unmasked = LintFixtures.build(8, 0, 1, 0.8f,
                (i, tok) -> tok.role().isModelWritten() || tok.role() == Role.TOOL_RESPONSE ? 1f : 0f);
        assertEquals(List.of(), only(linter.lint(unmasked, new LintContext(MaskPolicy.NO_MASKING, 4, true, true)),
                LintCode.MASKED_ROLE_TRAINED));
        assertEquals(1, only(linter.lint(unmasked, SEARCH_R1), LintCode.MASKED_ROLE_TRAINED).size());
    }

    /** trl PR #5988: the stop token sat outside the completion mask, so the model never learned to stop. */
    @Test
    void stopTokenOutsideTheLoss() {
        int stop = EPISODE.size() - 1;
        Trajectory t = LintFixtures.build(1, 0, 1, 0.8f,
                (i, tok) -> tok.role().isModelWritten() && i != stop ? 1f : 0f);
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.STOP_TOKEN_UNTRAINED);
        assertEquals(1, f.size());
        assertEquals(List.of(stop), f.get(0).positions());
        assertTrue(f.get(0).message().contains("never learns to stop"));
        // the <|im_end|> closing the user's turn is template, not the model's stop
        assertTrue(!f.get(0).positions().contains(7));
    }

    /** RAGEN #141: {@code <|im_start|>} tokens were in the loss. */
    @Test
    void templateTokensInTheLoss() {
        int assistantStart = 8;
        Trajectory t = LintFixtures.build(1, 0, 1, 0.8f,
                (i, tok) -> tok.role().isModelWritten() || i == assistantStart || i == 7 ? 1f : 0f);
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.TEMPLATE_TOKEN_TRAINED);
        assertEquals(1, f.size());
        // <|im_end|> closing the user turn (7) and <|im_start|> (8); the model's own <|im_end|> is fine
        assertEquals(List.of(7, 8), f.get(0).positions());
    }

    /** ROLL PR #444 / verl PR #6362: the token mean (reward sum) ignored the mask. */
    @Test
    void maskedTokensThatStillContribute() {
        Trajectory clean = LintFixtures.clean(1, 0, 1, 0.8f);
        TokenArrays a = clean.tokens();
        float[] c = a.contributions().clone();
        for (int i = 21; i <= 25; i++) {
            c[i] = 0.8f / LintFixtures.N; // A/N, as if the weight were 1
        }
        Trajectory t = clean.withTokens(a.withUpdate(a.lossWeights(), c, a.clipped()));
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.MASKED_TOKEN_CONTRIBUTES);
        assertEquals(1, f.size());
        assertEquals(List.of(21, 22, 23, 24, 25), f.get(0).positions());
    }

    /** OpenRLHF #1243: response_length counted the masked tool tokens (the span), not Σ mask. */
    @Test
    void responseLengthThatCountsToolTokens() {
        Trajectory t = LintFixtures.clean(1, 0, 1, 0.8f);
        int span = t.responseLength();
        assertEquals(20, span, "11 scaffold tokens, then 20 tokens of which 5 are tool response");
        List<LintFinding> f = new ResponseLengthCheck().check(t, span);
        assertEquals(1, f.size());
        assertEquals(LintCode.RESPONSE_LENGTH_MISMATCH, f.get(0).code());
        assertEquals(List.of(21, 22, 23, 24, 25), f.get(0).positions());
        assertTrue(f.get(0).message().startsWith("response_length 20 ≠ Σ mask 15 (it equals the response span"),
                f.get(0).message());
    }

    /** A group whose advantages are the raw rewards (the baseline was never subtracted). */
    @Test
    void groupAdvantagesNotCentred() {
        List<Trajectory> g = List.of(LintFixtures.clean(1, 0, 1, 1f), LintFixtures.clean(2, 1, 0, 0f),
                LintFixtures.clean(3, 2, 0, 0f), LintFixtures.clean(4, 3, 0, 0f));
        List<LintFinding> f = only(linter.lintAll(g, SEARCH_R1), LintCode.GROUP_ADVANTAGE_NOT_CENTRED);
        assertEquals(4, f.size(), "every sample of the group is flagged");
        assertTrue(f.get(0).message().contains("average 0.25"), f.get(0).message());
        // REINFORCE does not centre: not flagged
        assertEquals(List.of(), linter.lintAll(g, new LintContext(MaskPolicy.SEARCH_R1, 4, false, true)));
        // a group stored in part (3 of 4) is not judged
        assertEquals(List.of(), only(linter.lintAll(g.subList(0, 3), SEARCH_R1), LintCode.GROUP_ADVANTAGE_NOT_CENTRED));
    }

    /** verl's std-less path and the like: all rewards equal, yet advantages are not 0. */
    @Test
    void equalRewardsWithNonZeroAdvantages() {
        List<Trajectory> g = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            g.add(LintFixtures.clean(1 + k, k, 1.0, k % 2 == 0 ? 0.7f : -0.7f));
        }
        List<LintFinding> f = only(linter.lintAll(g, SEARCH_R1), LintCode.EQUAL_REWARDS_NONZERO_ADVANTAGE);
        assertEquals(4, f.size());
        assertEquals(List.of(), only(linter.lintAll(g, SEARCH_R1), LintCode.GROUP_ADVANTAGE_NOT_CENTRED),
                "centred, but that is not the point when there is no signal");
        List<Trajectory> zero = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            zero.add(LintFixtures.clean(1 + k, k, 1.0, 0f));
        }
        assertEquals(List.of(), linter.lintAll(zero, SEARCH_R1));
    }

    /** rllm #816: the logprob array ran one position ahead of the ids. */
    @Test
    void logprobsShiftedByOne() {
        Trajectory clean = LintFixtures.clean(1, 0, 1, 0.8f);
        TokenArrays a = clean.tokens();
        float[] lp = a.logprobs().clone();
        for (int i = 0; i + 1 < lp.length; i++) {
            if (a.roles()[i].isModelWritten() && a.roles()[i + 1].isModelWritten()) {
                lp[i] = a.logprobs()[i + 1]; // the logprob of the next token, stored at this one
            }
        }
        Trajectory t = clean.withTokens(copyWithLogprobs(a, lp));
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.LOGPROB_SHIFTED);
        assertEquals(1, f.size());
        assertEquals(List.of(11, 26), f.get(0).positions(), "the turn starts");
        assertTrue(f.get(0).message().contains("one position later"), f.get(0).message());
    }

    /** rllm #816's other face: a fallback that zero-pads the logprob at each turn start. */
    @Test
    void logprobsThatDisagreeAtEveryTurnStart() {
        Trajectory clean = LintFixtures.clean(1, 0, 1, 0.8f);
        TokenArrays a = clean.tokens();
        float[] ref = a.refLogprobs().clone();
        ref[11] = -6f;
        ref[26] = -7f;
        float[] lp = a.logprobs().clone();
        lp[11] = 0f;
        lp[26] = 0f;
        TokenArrays b = new TokenArrays(a.tokenIds(), a.tokenText(), a.roles(), a.turns(), a.lossWeights(), lp, ref,
                a.entropies(), a.advantages(), a.contributions(), a.clipped());
        List<LintFinding> f = only(linter.lint(clean.withTokens(b), SEARCH_R1), LintCode.LOGPROB_SHIFTED);
        assertEquals(1, f.size());
        assertEquals(List.of(11, 26), f.get(0).positions());
        assertTrue(f.get(0).message().contains("at every turn start"), f.get(0).message());
    }

    /** A reward whose breakdown does not add up (a part weighted or dropped on the way). */
    @Test
    void rewardComponentsThatDoNotAddUp() {
        Trajectory clean = LintFixtures.clean(1, 0, 1, 0.8f);
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("correctness", 1.0);
        parts.put("format", 0.1);
        Trajectory t = new Trajectory(1, "r", 3, "p1", "g1", 0, "kb-search", "Ada", "Ada", 1.0, parts, true,
                clean.finishReason(), 1, false, List.of(), clean.tokens());
        List<LintFinding> f = only(linter.lint(t, SEARCH_R1), LintCode.REWARD_COMPONENTS_MISMATCH);
        assertEquals(1, f.size());
        assertTrue(f.get(0).message().startsWith("reward 1.000 ≠ Σ components 1.100"), f.get(0).message());
        // imported diagnostics with foreign names are not assumed additive
        Map<String, Double> foreign = Map.of("acc", 1.0, "score", 1.0);
        Trajectory imported = new Trajectory(1, "r", 3, "p1", "g1", 0, "kb-search", "Ada", "Ada", 1.0, foreign, true,
                clean.finishReason(), 1, false, List.of(), clean.tokens());
        assertEquals(List.of(), only(linter.lint(imported, LintContext.UNKNOWN_RUN), LintCode.REWARD_COMPONENTS_MISMATCH));
    }

    private static TokenArrays copyWithLogprobs(TokenArrays a, float[] lp) {
        return new TokenArrays(a.tokenIds(), a.tokenText(), a.roles(), a.turns(), a.lossWeights(), lp,
                a.refLogprobs(), a.entropies(), a.advantages(), a.contributions(), a.clipped());
    }

    private static List<LintFinding> only(List<LintFinding> all, LintCode code) {
        return all.stream().filter(f -> f.code() == code).toList();
    }
}
