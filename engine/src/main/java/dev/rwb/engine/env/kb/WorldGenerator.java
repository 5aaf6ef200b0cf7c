package dev.rwb.engine.env.kb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates a {@link World} from a seed. People's names combine a small set of first and last
 * names (almost every combination exists), so the vocabulary stays small while the world is large
 * enough for hundreds of held-out questions per level, and namesakes are everywhere: about 35
 * people share each first name and each last name. Every city root comes in three look-alike
 * forms ("Alden", "Port Alden", "Aldenford") spread over different countries.
 */
public final class WorldGenerator {
    private static final List<String> COUNTRIES = List.of("Norvania", "Estmark", "Valdoria", "Kestria",
            "Lumeria", "Ostrovia");
    private static final List<String> CITY_ROOTS = List.of("Alden", "Brook", "Corin", "Dale", "Elm", "Fern",
            "Glen", "Hollow", "Iver", "Linden");
    private static final List<String> FIRST = List.of("Alice", "Bruno", "Clara", "Daniel", "Elena", "Felix",
            "Greta", "Hugo", "Iris", "Jonas", "Karin", "Leon", "Mira", "Nils", "Olga", "Pavel", "Rosa", "Stefan",
            "Tara", "Viktor", "Wanda", "Anton", "Berta", "Carl", "Dora", "Emil", "Frida", "Gustav", "Hanna",
            "Ivo", "Julia", "Kurt", "Lena", "Marek", "Nora", "Oskar");
    private static final List<String> LAST = List.of("Varga", "Brenner", "Castell", "Dorn", "Eklund", "Falk",
            "Grau", "Holm", "Ilves", "Jansen", "Kovac", "Lind", "Moreau", "Novak", "Ortega", "Petrov", "Quist",
            "Rossi", "Sandberg", "Tamm", "Urban", "Vidal", "Weber", "Berg", "Carlsen", "Dahl", "Engel", "Fischer",
            "Hansen", "Keller", "Lorenz", "Meyer", "Nyberg", "Olsen", "Richter", "Strand");
    private static final List<String> ORG_PREFIX = List.of("Orbis", "Vantor", "Helix", "Quill", "Northwind",
            "Cobalt", "Meridian", "Juniper", "Atlas", "Beacon", "Cinder", "Ember", "Falcon", "Granite",
            "Harbor", "Kestrel", "Saffron", "Tidewater", "Aurora", "Bramble", "Crescent", "Delta", "Summit",
            "Willow");
    private static final List<String> OCCUPATIONS = List.of("chemist", "engineer", "teacher", "painter",
            "surgeon", "pilot", "architect", "historian", "baker", "lawyer");
    /** People in a world: 1,280 of the 1,296 name combinations; six 3-hop templates then give ~7,700 L5 questions. */
    private static final int PEOPLE = 1280;

    private WorldGenerator() {
    }

    public static World generate(long seed) {
        Random rng = new Random(seed);
        List<City> cities = cities(rng);
        List<String> cityNames = cities.stream().map(City::name).toList();

        List<String[]> names = personNames(rng);
        List<String> fullNames = names.stream().map(n -> n[0] + " " + n[1]).toList();

        List<String[]> orgs = new ArrayList<>();
        for (String prefix : ORG_PREFIX) {
            String[] kind = switch (rng.nextInt(3)) {
                case 0 -> new String[] {"company", prefix + " " + List.of("Systems", "Works", "Industries").get(rng.nextInt(3))};
                case 1 -> new String[] {"university", prefix + " University"};
                default -> new String[] {"laboratory", prefix + " Institute"};
            };
            orgs.add(kind);
        }
        List<Organisation> organisations = new ArrayList<>();
        for (String[] o : orgs) {
            organisations.add(new Organisation(o[1], o[0], pick(cityNames, rng), pick(fullNames, rng)));
        }

        // Spouses: a random perfect matching of the people.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        String[] spouse = new String[names.size()];
        for (int i = 0; i + 1 < order.size(); i += 2) {
            spouse[order.get(i)] = fullNames.get(order.get(i + 1));
            spouse[order.get(i + 1)] = fullNames.get(order.get(i));
        }
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            people.add(new Person(names.get(i)[0], names.get(i)[1], pick(OCCUPATIONS, rng), pick(cityNames, rng),
                    pick(organisations, rng).name(), spouse[i]));
        }
        return new World(people, organisations, cities);
    }

    private static List<City> cities(Random rng) {
        List<City> out = new ArrayList<>();
        for (String root : CITY_ROOTS) {
            List<String> countries = new ArrayList<>(COUNTRIES);
            Collections.shuffle(countries, rng);
            out.add(new City(root, countries.get(0)));
            out.add(new City("Port " + root, countries.get(1)));
            out.add(new City(root + "ford", countries.get(2)));
        }
        return out;
    }

    /** Distinct (first, last) pairs: a seeded shuffle of all combinations, cut to {@link #PEOPLE}. */
    private static List<String[]> personNames(Random rng) {
        List<String[]> all = new ArrayList<>();
        for (String f : FIRST) {
            for (String l : LAST) {
                all.add(new String[] {f, l});
            }
        }
        Collections.shuffle(all, rng);
        return new ArrayList<>(all.subList(0, PEOPLE));
    }

    private static <T> T pick(List<T> list, Random rng) {
        return list.get(rng.nextInt(list.size()));
    }
}
