package dev.rwb.engine.rl.train;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.List;

/**
 * What the policy update did: per sample the token arrays with weight, contribution and clip flag
 * exactly as in the last update that used it, and the step's update statistics.
 *
 * @param records per sample, in input order
 * @param loss mean loss over the minibatch updates
 * @param gradNorm mean global gradient norm before clipping
 * @param clipFraction share of weighted tokens whose gradient the clip removed (last epoch)
 * @param optimizerSteps optimizer steps taken (0 when every advantage was 0)
 * @param trainedTokens tokens that went through the training forward and backward passes
 */
public record UpdateResult(List<TokenArrays> records, double loss, double gradNorm, double clipFraction,
                           int optimizerSteps, long trainedTokens) {
}
