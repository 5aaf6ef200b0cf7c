package dev.rwb.engine.env.kb;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Tool;

import java.util.List;

/**
 * The {@code <search>} tool of one episode: BM25 top-k over the knowledge base, returned as
 * {@code <information>[1] Title: text …</information>}. It enforces the episode's search budget and
 * rejects empty, overlong or wordless queries with an error observation.
 */
public final class SearchTool implements Tool {
    public static final String OPEN = "<information>";
    public static final String CLOSE = "</information>";
    public static final int MAX_QUERY_CHARS = 120;
    public static final int MAX_QUERY_TERMS = 16;

    private final KbIndex index;
    private final int topK;
    private final int maxSearches;
    private int searches;

    public SearchTool(KbIndex index, int topK, int maxSearches) {
        this.index = index;
        this.topK = topK;
        this.maxSearches = maxSearches;
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public Observation call(String argument) {
        String query = argument.strip();
        if (query.isEmpty()) {
            return errorObservation("empty query");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            return errorObservation("query longer than " + MAX_QUERY_CHARS + " characters");
        }
        List<String> terms = index.terms(query);
        if (terms.isEmpty()) {
            return errorObservation("query has no searchable words");
        }
        if (terms.size() > MAX_QUERY_TERMS) {
            return errorObservation("query has more than " + MAX_QUERY_TERMS + " words");
        }
        if (searches >= maxSearches) {
            return errorObservation("search limit of " + maxSearches + " reached, answer now");
        }
        searches++;
        List<KbDocument> hits = index.search(query, topK);
        if (hits.isEmpty()) {
            return Observation.ok(OPEN, "no results", CLOSE);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            sb.append(i == 0 ? "" : " ").append('[').append(i + 1).append("] ")
                    .append(hits.get(i).title()).append(": ").append(hits.get(i).text());
        }
        return Observation.ok(OPEN, sb.toString(), CLOSE);
    }

    @Override
    public Observation errorObservation(String message) {
        return Observation.error(OPEN, message, CLOSE);
    }
}
