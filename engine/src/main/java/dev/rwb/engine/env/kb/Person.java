package dev.rwb.engine.env.kb;

/** A person of the generated world; relations refer to other entities by their unique names. */
public record Person(String first, String last, String occupation, String bornIn, String employer, String spouse) {
    public String name() {
        return first + " " + last;
    }
}
