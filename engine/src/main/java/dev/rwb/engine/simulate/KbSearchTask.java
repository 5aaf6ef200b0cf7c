package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.FinishReason;

import java.util.List;
import java.util.Random;

/** Micro Search-R1 episodes: think, search, read {@code <information>}, answer (DESIGN §2, §6). */
final class KbSearchTask implements SampleTask {
    static final int MAX_TURNS = 4;
    private static final String SYSTEM = "<bos>Think in <think>, search with <search>, answer in <answer>.\n";
    private static final String[] MUSINGS = {" Let me read the documents carefully.",
            " The first document looks relevant.", " I should check this before answering.",
            " The question has more than one step.", " I will not trust my memory here.",
            " Names in this world are easy to confuse."};

    private final SampleWorld world;

    KbSearchTask(SampleWorld world) {
        this.world = world;
    }

    @Override
    public String name() {
        return "kb-search";
    }

    @Override
    public String problemId(int index) {
        return String.format("kb-%04d", index);
    }

    @Override
    public String groundTruth(int index) {
        return world.question(index).answer();
    }

    @Override
    public List<Outcome> failureModes() {
        return List.of(Outcome.WRONG, Outcome.GUESS, Outcome.MALFORMED_CALL, Outcome.OUT_OF_TOKENS,
                Outcome.MAX_TURNS, Outcome.COLLAPSE);
    }

    @Override
    public boolean isCorrect(int index, String finalAnswer) {
        return SampleWorld.matches(finalAnswer, groundTruth(index));
    }

    @Override
    public EpisodeText write(int index, Outcome outcome, int verbosity, Random rnd) {
        SampleWorld.Question q = world.question(index);
        EpisodeText e = new EpisodeText().system(SYSTEM).prompt("Question: " + q.text() + "\n");
        switch (outcome) {
            case CORRECT -> {
                searchAll(e, q, verbosity, rnd);
                e.think(" So the answer is " + q.answer() + ".", Tone.CONFIDENT).answer(q.answer(), Tone.CONFIDENT);
            }
            case WRONG -> {
                e.think(" I need to look this up." + musings(verbosity, rnd), Tone.CONFIDENT);
                e.call("search", " " + q.queries().get(0).split(" ")[0] + " city", Tone.DECISION);
                e.observation("information", " Doc 1: " + q.distractor() + " ");
                e.think(" The document says it, I think.", Tone.SHAKY).answer(world.wrongAnswer(q, rnd), Tone.SHAKY);
            }
            case GUESS -> {
                e.think(" I think I remember this one.", Tone.SHAKY);
                boolean lucky = rnd.nextInt(6) == 0;
                e.answer(lucky ? q.answer() : world.wrongAnswer(q, rnd), Tone.SHAKY);
            }
            case MALFORMED_CALL -> {
                malformed(e, q, verbosity, rnd);
                if (e.finishReason() == FinishReason.TOOL_ERROR) {
                    return e;
                }
            }
            case OUT_OF_TOKENS -> {
                searchAll(e, q, 0, rnd);
                StringBuilder ramble = new StringBuilder(" Wait, let me reconsider.");
                for (int i = 0; i < 80; i++) {
                    ramble.append(MUSINGS[rnd.nextInt(MUSINGS.length)]);
                }
                return e.openThink(ramble.toString(), Tone.SHAKY).finish(FinishReason.LENGTH);
            }
            case MAX_TURNS -> {
                for (int t = 0; t < MAX_TURNS; t++) {
                    e.think(t == 0 ? " I need to search." : " That did not help, I will search again.", Tone.DECISION);
                    e.call("search", " " + q.queries().get(0) + (t == 0 ? "" : " " + t), Tone.DECISION);
                    e.observation("information", " Doc 1: " + q.distractor() + " ");
                }
                return e.finish(FinishReason.MAX_TURNS);
            }
            case COLLAPSE -> {
                return e.openThink(" The answer is" + " the".repeat(400), Tone.LOOP).finish(FinishReason.LENGTH);
            }
        }
        return e.other("<eos>", Tone.CONFIDENT);
    }

    private void searchAll(EpisodeText e, SampleWorld.Question q, int verbosity, Random rnd) {
        for (int hop = 0; hop < q.queries().size(); hop++) {
            String why = hop == 0 ? " I need to find " + q.queries().get(0) + "." : " Now I know part of it."
                    + " Next I need " + q.queries().get(hop) + ".";
            e.think(why + musings(verbosity, rnd), Tone.CONFIDENT);
            e.call("search", " " + q.queries().get(hop), Tone.DECISION);
            // the first search also retrieves a near miss, as BM25 does for a person's name
            String docs = " Doc 1: " + q.documents().get(hop) + (hop == 0 ? " Doc 2: " + q.distractor() : "");
            e.observation("information", docs + " ");
        }
    }

    private void malformed(EpisodeText e, SampleWorld.Question q, int verbosity, Random rnd) {
        e.think(" I should search for this.", Tone.DECISION);
        e.rawCall("<search> " + q.queries().get(0) + "</calc>", Tone.SHAKY);
        e.observation("information", " error: malformed search call, the query must end with the search end tag ");
        if (rnd.nextBoolean()) {
            e.rawCall("<search>" + q.queries().get(0) + " search", Tone.SHAKY);
            e.observation("information", " error: too many malformed calls, episode ended ");
            e.finish(FinishReason.TOOL_ERROR);
            return;
        }
        searchAll(e, q, verbosity, rnd);
        e.think(" So the answer is " + q.answer() + ".", Tone.CONFIDENT).answer(q.answer(), Tone.CONFIDENT);
    }

    private static String musings(int verbosity, Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < verbosity; i++) {
            sb.append(MUSINGS[rnd.nextInt(MUSINGS.length)]);
        }
        return sb.toString();
    }
}
