package dev.rwb.engine.model;

/** How the GPT tells positions apart. */
public enum PositionEncoding {
    /** A learned embedding per absolute position, added to the token embedding (GPT-2). */
    LEARNED,
    /** Rotary position embedding applied to queries and keys (RoFormer); no position parameters. */
    ROPE
}
