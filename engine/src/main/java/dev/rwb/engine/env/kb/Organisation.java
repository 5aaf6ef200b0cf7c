package dev.rwb.engine.env.kb;

/** An organisation (company, university, laboratory…) based in a city and founded by a person. */
public record Organisation(String name, String kind, String city, String founder) {
}
