package dev.rwb.engine.env.kb;

/** A city and the country it lies in. */
public record City(String name, String country) {
}
