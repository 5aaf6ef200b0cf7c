package dev.rwb.engine.env.kb;

/** A hop of a question: from an entity to the entity it names. */
public enum Relation {
    BORN_IN("the birthplace of", "was born in"),
    WORKS_FOR("the employer of", "works for"),
    FOUNDED_BY("the founder of", "was founded by"),
    BASED_IN("the city of", "is based in"),
    MARRIED_TO("the spouse of", "is married to"),
    IN_COUNTRY("the country of", "is in");

    private final String lookingFor;
    private final String verb;

    Relation(String lookingFor, String verb) {
        this.lookingFor = lookingFor;
        this.verb = verb;
    }

    /** "the birthplace of", used in demonstrations' reasoning. */
    public String lookingFor() {
        return lookingFor;
    }

    /** The sentence a demonstration writes after reading the fact: "Alice Varga was born in Port Alden." */
    public String fact(String subject, String object) {
        return subject + " " + verb + " " + object + ".";
    }

    /** Follows this relation from the named entity; throws if the entity lacks it. */
    public String follow(World world, String entity) {
        return switch (this) {
            case BORN_IN -> world.person(entity).bornIn();
            case WORKS_FOR -> world.person(entity).employer();
            case MARRIED_TO -> world.person(entity).spouse();
            case FOUNDED_BY -> world.organisation(entity).founder();
            case BASED_IN -> world.organisation(entity).city();
            case IN_COUNTRY -> world.city(entity).country();
        };
    }
}
