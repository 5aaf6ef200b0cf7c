package dev.rwb.engine.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A small fictional world for the kb-search samples: people born in cities and working at
 * companies headquartered in cities, written as short documents. The real task generator (with
 * BM25 search) lives elsewhere; this one only has to make rollouts that read true.
 */
final class SampleWorld {
    private static final String[] FIRST = {"Mara", "Tobin", "Ilse", "Corvin", "Enna", "Hollis", "Yara", "Dmitri",
            "Selka", "Anouk", "Bram", "Liesel"};
    private static final String[] LAST = {"Quill", "Ashdown", "Varga", "Lindqvist", "Okafor", "Pellham", "Renko",
            "Sato", "Marwood", "Fennick", "Halloran", "Brisk"};
    private static final String[] CITIES = {"Velmora", "Tarsk", "Ostrava Nova", "Kelbridge", "Sunmarch", "Drevik",
            "Port Amsel", "Caldreth"};
    private static final String[] COUNTRIES = {"Norland", "Estrava", "Calden", "Moravia Minor"};
    private static final String[] COMPANIES = {"Orbel Systems", "Greywater Foods", "Lumen Forge", "Northwind Rail",
            "Kestrel Bio", "Cobalt Looms"};
    private static final String[] JOBS = {"engineer", "chemist", "accountant", "pilot", "designer", "translator"};

    /** A person with their relations (indices into the arrays above). */
    record Person(String name, int birthCity, int company, String job) {
    }

    /** A question with its answer and the documents a good searcher reads, in order. */
    record Question(String text, String answer, List<String> queries, List<String> documents, String distractor) {
    }

    private final List<Person> people = new ArrayList<>();
    private final int[] companyCity = new int[COMPANIES.length];
    private final int[] cityCountry = new int[CITIES.length];

    SampleWorld(long seed) {
        Random rnd = new Random(seed);
        for (int c = 0; c < CITIES.length; c++) {
            cityCountry[c] = rnd.nextInt(COUNTRIES.length);
        }
        for (int c = 0; c < COMPANIES.length; c++) {
            companyCity[c] = rnd.nextInt(CITIES.length);
        }
        for (int i = 0; i < FIRST.length; i++) {
            people.add(new Person(FIRST[i] + " " + LAST[(i * 5 + 3) % LAST.length], rnd.nextInt(CITIES.length),
                    rnd.nextInt(COMPANIES.length), JOBS[rnd.nextInt(JOBS.length)]));
        }
    }

    String personDoc(Person p) {
        return p.name() + " is a " + p.job() + " born in " + CITIES[p.birthCity()] + ". " + p.name()
                + " works at " + COMPANIES[p.company()] + ".";
    }

    String companyDoc(int c) {
        return COMPANIES[c] + " is a company headquartered in " + CITIES[companyCity[c]] + ".";
    }

    String cityDoc(int c) {
        return CITIES[c] + " is a city in " + COUNTRIES[cityCountry[c]] + ".";
    }

    /** Every document of the world (for the vocabulary). */
    List<String> documents() {
        List<String> docs = new ArrayList<>();
        people.forEach(p -> docs.add(personDoc(p)));
        for (int c = 0; c < COMPANIES.length; c++) {
            docs.add(companyDoc(c));
        }
        for (int c = 0; c < CITIES.length; c++) {
            docs.add(cityDoc(c));
        }
        return docs;
    }

    /** Question number {@code index}: hops 1, 2 or 3 cycle so every group size appears. */
    Question question(int index) {
        Person p = people.get(Math.floorMod(index * 7 + 1, people.size()));
        Person other = people.get(Math.floorMod(index * 7 + 2, people.size()));
        int hops = 1 + Math.floorMod(index, 3);
        String distractor = personDoc(other);
        if (hops == 1) {
            return new Question("In which city was " + p.name() + " born?", CITIES[p.birthCity()],
                    List.of(p.name() + " born"), List.of(personDoc(p)), distractor);
        }
        int hq = companyCity[p.company()];
        if (hops == 2) {
            return new Question("In which city is the company that " + p.name() + " works at headquartered?",
                    CITIES[hq], List.of(p.name() + " works at", COMPANIES[p.company()] + " headquarters"),
                    List.of(personDoc(p), companyDoc(p.company())), distractor);
        }
        return new Question("In which country is the headquarters of the company where " + p.name() + " works?",
                COUNTRIES[cityCountry[hq]], List.of(p.name() + " company", COMPANIES[p.company()] + " headquarters",
                CITIES[hq] + " country"), List.of(personDoc(p), companyDoc(p.company()), cityDoc(hq)), distractor);
    }

    /** A plausible wrong answer of the same kind as the right one. */
    String wrongAnswer(Question q, Random rnd) {
        String[] pool = List.of(COUNTRIES).contains(q.answer()) ? COUNTRIES : CITIES;
        String w = pool[rnd.nextInt(pool.length)];
        return w.equals(q.answer()) ? pool[(List.of(pool).indexOf(w) + 1) % pool.length] : w;
    }

    /** Exact match after lower-casing and dropping punctuation and surrounding spaces. */
    static boolean matches(String answer, String truth) {
        return answer != null && normalise(answer).equals(normalise(truth));
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").replaceAll("\\s+", " ").trim();
    }
}
