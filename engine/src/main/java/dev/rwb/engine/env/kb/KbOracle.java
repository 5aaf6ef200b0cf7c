package dev.rwb.engine.env.kb;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.TaskInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * kb-search demonstrations: one search per hop, each followed by the fact read, then the answer.
 * Noise picks one mistake: guess without searching, search only part of the first name (then
 * search again properly), follow a namesake instead of the right person, or stop a hop early.
 */
final class KbOracle implements Oracle {
    private final World world;

    KbOracle(World world) {
        this.world = world;
    }

    @Override
    public List<String> demonstrate(TaskInstance instance, double noise, Mistakes mistakes, Random rng) {
        List<Relation> path = Arrays.stream(instance.attribute("path").split(",")).map(Relation::valueOf).toList();
        List<String> chain = List.of(instance.attribute("chain").split("\\|"));
        if (rng.nextDouble() >= noise) {
            return walk(path, chain, false, path.size());
        }
        return switch (mistakes == Mistakes.GUESS ? 0 : rng.nextInt(4)) {
            // restates what it looks for, like the clean walk, then guesses instead of searching
            case 0 -> List.of("<think>I think I know " + path.get(0).lookingFor() + ' ' + chain.get(0)
                    + " without searching.</think>" + answer(randomAnswerLike(path.get(path.size() - 1), rng)));
            case 1 -> walk(path, chain, true, path.size());
            case 2 -> namesakeWalk(path, chain, rng);
            default -> walk(path, chain, false, Math.max(0, path.size() - 1));
        };
    }

    /** Searches each entity of the chain for {@code hops} hops and answers the entity reached. */
    private static List<String> walk(List<Relation> path, List<String> chain, boolean partialFirst, int hops) {
        List<String> segments = new ArrayList<>();
        StringBuilder think = new StringBuilder("<think>I need ").append(path.get(0).lookingFor()).append(' ')
                .append(chain.get(0)).append(".</think>");
        if (partialFirst) {
            String[] words = chain.get(0).split(" ");
            segments.add(think + search(words[words.length - 1]));
            think = new StringBuilder("<think>Too many matches. I search the full name.</think>");
        }
        for (int h = 0; h < hops; h++) {
            segments.add(think + search(chain.get(h)));
            think = new StringBuilder("<think>").append(path.get(h).fact(chain.get(h), chain.get(h + 1)));
            if (h + 1 < path.size() && h + 1 < hops) {
                think.append(" Now I need ").append(path.get(h + 1).lookingFor()).append(' ')
                        .append(chain.get(h + 1)).append('.');
            }
            think.append("</think>");
        }
        String answer = chain.get(hops);
        segments.add((hops == 0 ? "<think>I will answer directly.</think>" : think.toString())
                + answer(answer));
        return segments;
    }

    /*
     * Names are written with a leading space inside the tags ("<search> Greta Dorn</search>"):
     * the tokenizer makes " Greta" and "Greta" different tokens, and the question, the thought and
     * the search results all carry the spaced form. With the space, copying a name is copying the
     * very token seen before (what an induction head does); without it, a small model must also learn
     * a second token per name, seen only a few times in the warm start. The tool and the answer
     * check strip whitespace, so both forms are accepted from the model.
     */
    private static String search(String query) {
        return "<search> " + query + "</search>";
    }

    private static String answer(String name) {
        return "<answer> " + name + "</answer>";
    }

    /** Follows the same path from a namesake of the start person (a wrong entity); plain walk if none. */
    private List<String> namesakeWalk(List<Relation> path, List<String> chain, Random rng) {
        if (!QuestionTemplates.startsAtPerson(path)) {
            return walk(path, chain, false, Math.max(0, path.size() - 1));
        }
        List<Person> namesakes = world.namesakes(world.person(chain.get(0)));
        if (namesakes.isEmpty()) {
            return walk(path, chain, false, Math.max(0, path.size() - 1));
        }
        List<String> wrong = new ArrayList<>(List.of(namesakes.get(rng.nextInt(namesakes.size())).name()));
        for (Relation r : path) {
            wrong.add(r.follow(world, wrong.get(wrong.size() - 1)));
        }
        return walk(path, wrong, false, path.size());
    }

    private String randomAnswerLike(Relation last, Random rng) {
        return switch (last) {
            case BORN_IN, BASED_IN -> world.cities().get(rng.nextInt(world.cities().size())).name();
            case WORKS_FOR -> world.organisations().get(rng.nextInt(world.organisations().size())).name();
            case IN_COUNTRY -> world.city(world.cities().get(rng.nextInt(world.cities().size())).name()).country();
            case FOUNDED_BY, MARRIED_TO -> world.people().get(rng.nextInt(world.people().size())).name();
        };
    }
}
