package dev.rwb.engine.env.kb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated world of people, organisations, cities and countries, written as one short
 * document per person, organisation and city. Names are unique per entity, but people share
 * first or last names and cities have look-alike names, so retrieval meets real distractors.
 */
public final class World {
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final Map<String, Organisation> organisations = new LinkedHashMap<>();
    private final Map<String, City> cities = new LinkedHashMap<>();

    World(List<Person> people, List<Organisation> organisations, List<City> cities) {
        people.forEach(p -> this.people.put(p.name(), p));
        organisations.forEach(o -> this.organisations.put(o.name(), o));
        cities.forEach(c -> this.cities.put(c.name(), c));
    }

    public List<Person> people() {
        return List.copyOf(people.values());
    }

    public List<Organisation> organisations() {
        return List.copyOf(organisations.values());
    }

    public List<City> cities() {
        return List.copyOf(cities.values());
    }

    public Person person(String name) {
        return require(people.get(name), "person", name);
    }

    public Organisation organisation(String name) {
        return require(organisations.get(name), "organisation", name);
    }

    public City city(String name) {
        return require(cities.get(name), "city", name);
    }

    private static <T> T require(T value, String kind, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the world has no " + kind + " named '" + name + "'");
        }
        return value;
    }

    /** People other than {@code p} who share its first or last name. */
    public List<Person> namesakes(Person p) {
        List<Person> out = new ArrayList<>();
        for (Person q : people.values()) {
            if (q != p && (q.first().equals(p.first()) || q.last().equals(p.last()))) {
                out.add(q);
            }
        }
        return out;
    }

    /** The documents of the knowledge base, one per person, organisation and city. */
    public List<KbDocument> documents() {
        List<KbDocument> docs = new ArrayList<>();
        for (Person p : people.values()) {
            String n = p.name();
            docs.add(new KbDocument(n, n + " is a " + p.occupation() + ". " + n + " was born in " + p.bornIn()
                    + ". " + n + " works for " + p.employer() + ". " + n + " is married to " + p.spouse() + "."));
        }
        for (Organisation o : organisations.values()) {
            docs.add(new KbDocument(o.name(), o.name() + " is a " + o.kind() + " based in " + o.city() + ". "
                    + o.name() + " was founded by " + o.founder() + "."));
        }
        for (City c : cities.values()) {
            docs.add(new KbDocument(c.name(), c.name() + " is a city in " + c.country() + "."));
        }
        return docs;
    }
}
