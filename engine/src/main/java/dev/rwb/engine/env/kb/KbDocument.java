package dev.rwb.engine.env.kb;

/** One short document of the knowledge base: an entity's name as title and a few sentences about it. */
public record KbDocument(String title, String text) {
}
