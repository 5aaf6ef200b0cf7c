package dev.rwb.engine.env.kb;

import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * kb-search, a micro Search-R1: questions of 1–3 hops over a generated world, answered with the
 * {@code <search>} tool (BM25 top-k over the world's documents). One world per task object (its
 * seed is fixed), many questions per world; the split is decided by the question text's hash.
 */
public final class KbSearchTask implements Task {
    public static final String NAME = "kb-search";
    public static final long DEFAULT_WORLD_SEED = 1L;
    /** Worlds and their indexes by world seed: both are immutable and costly, and tasks are made often. */
    private static final Map<Long, BuiltWorld> BUILT = new ConcurrentHashMap<>();

    private final long worldSeed;
    private final World world;
    private final KbIndex index;
    private final DistractorPreamble preambles;
    private final List<List<Relation>> paths;

    private record BuiltWorld(World world, KbIndex index) {
        static BuiltWorld of(long seed) {
            World w = WorldGenerator.generate(seed);
            return new BuiltWorld(w, new KbIndex(w.documents()));
        }
    }

    public KbSearchTask() {
        this(DEFAULT_WORLD_SEED);
    }

    public KbSearchTask(long worldSeed) {
        this.worldSeed = worldSeed;
        BuiltWorld built = BUILT.computeIfAbsent(worldSeed, BuiltWorld::of);
        this.world = built.world();
        this.index = built.index();
        this.preambles = new DistractorPreamble(world, index);
        // Map.ofEntries iterates in a per-JVM random order: sort so generation is reproducible.
        this.paths = QuestionTemplates.BY_PATH.keySet().stream()
                .sorted(Comparator.comparing(List::toString)).toList();
    }

    public World world() {
        return world;
    }

    public KbIndex index() {
        return index;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxLevel() {
        return KbLevel.LEVELS.length;
    }

    @Override
    public List<TaskInstance> generate(long seed, int n, int level, Split split) {
        KbLevel spec = KbLevel.of(level);
        List<List<Relation>> eligible = paths.stream()
                .filter(p -> p.size() >= spec.minHops() && p.size() <= spec.maxHops())
                .filter(p -> !spec.distractorPreamble() || QuestionTemplates.startsAtPerson(p))
                .toList();
        Random rng = new Random(seed * 92_821L + level);
        Set<String> seen = new HashSet<>();
        // Questions whose preamble failed; not retried, so a batch never repeats a search.
        Set<String> rejected = new HashSet<>();
        List<TaskInstance> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < n) {
            if (++attempts > 300 * n + 2000) {
                throw new IllegalStateException("could not generate " + n + " distinct " + split.key()
                        + " kb-search questions at level " + level + " (the world has too few)");
            }
            List<Relation> path = eligible.get(rng.nextInt(eligible.size()));
            String start = randomStart(path, rng);
            List<String> phrasings = QuestionTemplates.BY_PATH.get(path);
            String question = phrasings.get(rng.nextInt(phrasings.size())).replace("{X}", start);
            // The split and duplicates are judged on the bare question, so the same question never
            // appears in both splits, whatever preamble it gets.
            if (!split.contains(question) || seen.contains(question) || rejected.contains(question)) {
                continue;
            }
            String asked = spec.distractorPreamble()
                    ? preambles.prefix(world.person(start), question, spec.topK(), rng) : question;
            if (asked == null) {
                rejected.add(question);
                continue;
            }
            seen.add(question);
            out.add(instance(level, spec, path, start, question, asked));
        }
        return out;
    }

    private String randomStart(List<Relation> path, Random rng) {
        if (QuestionTemplates.startsAtPerson(path)) {
            return world.people().get(rng.nextInt(world.people().size())).name();
        }
        if (QuestionTemplates.startsAtOrganisation(path)) {
            return world.organisations().get(rng.nextInt(world.organisations().size())).name();
        }
        return world.cities().get(rng.nextInt(world.cities().size())).name();
    }

    private TaskInstance instance(int level, KbLevel spec, List<Relation> path, String start, String question,
                                  String asked) {
        List<String> chain = new ArrayList<>(List.of(start));
        for (Relation r : path) {
            chain.add(r.follow(world, chain.get(chain.size() - 1)));
        }
        int maxSearches = path.size() + spec.spareSearches();
        String prompt = "Answer the question. Search with <search> query</search>; results come back in"
                + " <information></information>. You have at most " + maxSearches + " searches."
                + " Give the answer as <answer> name</answer>.\nQuestion: " + asked + "\n";
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("question", asked);
        attrs.put("path", path.stream().map(Enum::name).collect(Collectors.joining(",")));
        attrs.put("chain", String.join("|", chain));
        attrs.put("hops", Integer.toString(path.size()));
        attrs.put("top_k", Integer.toString(spec.topK()));
        attrs.put("max_searches", Integer.toString(maxSearches));
        attrs.put("world_seed", Long.toString(worldSeed));
        return TaskInstance.of(NAME, level, question, prompt, chain.get(chain.size() - 1), attrs);
    }

    @Override
    public List<Tool> toolsFor(TaskInstance instance) {
        checkWorld(instance);
        return List.of(new SearchTool(index, Integer.parseInt(instance.attribute("top_k")),
                Integer.parseInt(instance.attribute("max_searches"))));
    }

    private void checkWorld(TaskInstance instance) {
        if (Long.parseLong(instance.attribute("world_seed")) != worldSeed) {
            throw new IllegalArgumentException("instance " + instance.id() + " belongs to world "
                    + instance.attribute("world_seed") + ", this task serves world " + worldSeed);
        }
    }

    @Override
    public Verdict verify(TaskInstance instance, String finalAnswer) {
        return Verdict.exactMatch(finalAnswer, instance.groundTruth());
    }

    @Override
    public Oracle oracle() {
        return new KbOracle(world);
    }
}
