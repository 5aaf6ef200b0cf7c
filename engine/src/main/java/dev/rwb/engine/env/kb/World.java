package dev.rwb.engine.env.kb;

import java.util.ArrayList;
import java.util.HashMap;
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
    // Immutable views built once: generation picks random entities thousands of times per batch.
    private final List<Person> peopleList;
    private final List<Organisation> organisationList;
    private final List<City> cityList;
    private final Map<String, List<Person>> byFirst = new HashMap<>();
    private final Map<String, List<Person>> byLast = new HashMap<>();
    private final List<KbDocument> documents;
    private final Map<String, KbDocument> documentsByTitle = new HashMap<>();

    World(List<Person> people, List<Organisation> organisations, List<City> cities) {
        people.forEach(p -> this.people.put(p.name(), p));
        organisations.forEach(o -> this.organisations.put(o.name(), o));
        cities.forEach(c -> this.cities.put(c.name(), c));
        this.peopleList = List.copyOf(this.people.values());
        this.organisationList = List.copyOf(this.organisations.values());
        this.cityList = List.copyOf(this.cities.values());
        for (Person p : peopleList) {
            byFirst.computeIfAbsent(p.first(), k -> new ArrayList<>()).add(p);
            byLast.computeIfAbsent(p.last(), k -> new ArrayList<>()).add(p);
        }
        this.documents = List.copyOf(writeDocuments());
        documents.forEach(d -> documentsByTitle.put(d.title(), d));
    }

    /** All people, in generation order (an immutable list). */
    public List<Person> people() {
        return peopleList;
    }

    public List<Organisation> organisations() {
        return organisationList;
    }

    public List<City> cities() {
        return cityList;
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

    /** People other than {@code p} who share its first or last name (first-name sharers first). */
    public List<Person> namesakes(Person p) {
        List<Person> out = new ArrayList<>(sameFirstName(p));
        out.addAll(sameLastName(p));
        return out;
    }

    /** People other than {@code p} with the same first name, in generation order. */
    public List<Person> sameFirstName(Person p) {
        return byFirst.getOrDefault(p.first(), List.of()).stream().filter(q -> !q.equals(p)).toList();
    }

    /** People other than {@code p} with the same last name, in generation order. */
    public List<Person> sameLastName(Person p) {
        return byLast.getOrDefault(p.last(), List.of()).stream().filter(q -> !q.equals(p)).toList();
    }

    /** The documents of the knowledge base, one per person, organisation and city (an immutable list). */
    public List<KbDocument> documents() {
        return documents;
    }

    /** The document about the named person, organisation or city. */
    public KbDocument document(String title) {
        return require(documentsByTitle.get(title), "document", title);
    }

    private List<KbDocument> writeDocuments() {
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
