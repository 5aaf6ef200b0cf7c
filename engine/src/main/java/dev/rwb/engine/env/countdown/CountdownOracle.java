package dev.rwb.engine.env.countdown;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Slips;
import dev.rwb.engine.env.TaskInstance;

import java.util.List;
import java.util.Random;

/**
 * Countdown demonstrations: check the known solution with {@code <calc>}, then answer it. Noise
 * picks one mistake: answer a guess (the sum of all numbers) without checking, or slip one digit
 * of the equation after checking the right one.
 */
final class CountdownOracle implements Oracle {
    @Override
    public List<String> demonstrate(TaskInstance instance, double noise, Mistakes mistakes, Random rng) {
        String solution = instance.attribute("solution");
        String target = instance.attribute("target");
        String check = "<think>Try " + solution + " and check it equals " + target + ".</think><calc>"
                + solution + "</calc>";
        if (rng.nextDouble() >= noise) {
            return List.of(check, "<answer>" + solution + "</answer>");
        }
        if (mistakes == Mistakes.GUESS || rng.nextBoolean()) {
            String sum = String.join(" + ", instance.attribute("numbers").split(",\\s*"));
            return List.of("<think>Adding them all may work.</think><answer>" + sum + "</answer>");
        }
        return List.of(check, "<answer>" + Slips.changeOneDigit(solution, rng) + "</answer>");
    }
}
