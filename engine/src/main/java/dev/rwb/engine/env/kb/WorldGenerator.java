package dev.rwb.engine.env.kb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates a {@link World} from a seed. Sizes are chosen so namesakes are common: about four
 * people share each first name and each last name, and every city root comes in three look-alike
 * forms ("Alden", "Port Alden", "Aldenford") spread over different countries.
 */
public final class WorldGenerator {
    private static final List<String> COUNTRIES = List.of("Norvania", "Estmark", "Valdoria", "Kestria",
            "Lumeria", "Ostrovia");
    private static final List<String> CITY_ROOTS = List.of("Alden", "Brook", "Corin", "Dale", "Elm", "Fern",
            "Glen", "Hollow", "Iver", "Linden");
    private static final List<String> FIRST = List.of("Alice", "Bruno", "Clara", "Daniel", "Elena", "Felix",
            "Greta", "Hugo", "Iris", "Jonas", "Karin", "Leon", "Mira", "Nils", "Olga", "Pavel");
    private static final List<String> LAST = List.of("Varga", "Brenner", "Castell", "Dorn", "Eklund", "Falk",
            "Grau", "Holm", "Ilves", "Jansen", "Kovac", "Lind", "Moreau", "Novak", "Ortega", "Petrov");
    private static final List<String> ORG_PREFIX = List.of("Orbis", "Vantor", "Helix", "Quill", "Northwind",
            "Cobalt", "Meridian", "Juniper", "Atlas", "Beacon", "Cinder", "Ember", "Falcon", "Granite",
            "Harbor", "Kestrel", "Saffron", "Tidewater");
    private static final List<String> OCCUPATIONS = List.of("chemist", "engineer", "teacher", "painter",
            "surgeon", "pilot", "architect", "historian", "baker", "lawyer");
    private static final int PEOPLE = 64;

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

    private static List<String[]> personNames(Random rng) {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> out = new ArrayList<>();
        while (out.size() < PEOPLE) {
            String f = pick(FIRST, rng);
            String l = pick(LAST, rng);
            if (seen.add(f + " " + l)) {
                out.add(new String[] {f, l});
            }
        }
        return out;
    }

    private static <T> T pick(List<T> list, Random rng) {
        return list.get(rng.nextInt(list.size()));
    }
}
