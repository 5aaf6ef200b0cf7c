package dev.rwb.engine.store;

import dev.rwb.engine.lint.LintFinding;

/**
 * A stored lint finding with the run and step of its trajectory.
 *
 * @param run the run's name
 * @param step the trajectory's step
 * @param finding what was found
 */
public record StoredLint(String run, int step, LintFinding finding) {
}
