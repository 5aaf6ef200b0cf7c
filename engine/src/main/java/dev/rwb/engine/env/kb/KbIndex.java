package dev.rwb.engine.env.kb;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory Lucene index of the knowledge-base documents, ranked by BM25. Query text is
 * analysed into terms and matched against title (boosted) and body; no query syntax is parsed,
 * so model text can never be a malformed Lucene query. Thread-safe for searching.
 */
public final class KbIndex {
    /** Terms that carry no information in a question; dropped from queries and documents. */
    private static final CharArraySet STOP_WORDS = new CharArraySet(List.of("a", "an", "the", "is", "was", "of",
            "in", "who", "where", "which", "what", "does", "did", "by", "for", "to", "and", "that"), true);
    private static final float TITLE_BOOST = 2f;
    /** The exact title, unanalysed, to pick documents by name. */
    private static final String TITLE_ID = "title_id";

    private final Analyzer analyzer = new StandardAnalyzer(STOP_WORDS);
    private final IndexSearcher searcher;
    private final List<KbDocument> documents;
    private final Map<String, KbDocument> byTitle = new HashMap<>();

    public KbIndex(List<KbDocument> documents) {
        this.documents = List.copyOf(documents);
        this.documents.forEach(d -> byTitle.put(d.title(), d));
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (int i = 0; i < this.documents.size(); i++) {
                KbDocument d = this.documents.get(i);
                Document doc = new Document();
                doc.add(new StoredField("pos", i));
                doc.add(new StringField(TITLE_ID, d.title(), Field.Store.NO));
                doc.add(new TextField("title", d.title(), Field.Store.NO));
                doc.add(new TextField("text", d.text(), Field.Store.NO));
                w.addDocument(doc);
            }
            w.commit();
            searcher = new IndexSearcher(DirectoryReader.open(dir));
            searcher.setSimilarity(new BM25Similarity());
            // Queries are one-off bags of words: tracking them for caching only costs time.
            searcher.setQueryCache(null);
        } catch (IOException e) {
            throw new UncheckedIOException("building the in-memory knowledge-base index failed", e);
        }
    }

    /** The analysed terms of a query (lower-cased, stop words removed). */
    public List<String> terms(String query) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", query)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The top-k documents for a query by BM25, best first; empty when no term matches. */
    public List<KbDocument> search(String query, int k) {
        List<String> terms = terms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        try {
            List<KbDocument> out = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(bm25(terms), k).scoreDocs) {
                out.add(documents.get(position(sd.doc)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The BM25 scores that {@link #search} gives the named documents for a query, computed on those
     * documents only: a cheap way to compare a few documents' ranks. Titles that match no query
     * term are absent from the map.
     */
    Map<String, Float> scores(String query, Collection<String> titles) {
        // A query term found in none of these documents adds nothing to their scores (a BM25 term
        // score depends only on that term's statistics and the document): leave it out, it is
        // most of the query and most of the cost.
        Set<String> inDocuments = new HashSet<>();
        for (String title : titles) {
            KbDocument d = byTitle.get(title);
            if (d != null) {
                inDocuments.addAll(terms(d.title() + " " + d.text()));
            }
        }
        List<String> terms = terms(query).stream().filter(inDocuments::contains).toList();
        if (terms.isEmpty()) {
            return Map.of();
        }
        // The FILTER clause only restricts which documents are scored; it adds nothing to a score.
        Query restricted = new BooleanQuery.Builder()
                .add(bm25(terms), BooleanClause.Occur.MUST)
                .add(new TermInSetQuery(TITLE_ID, titles.stream().map(BytesRef::new).toList()),
                        BooleanClause.Occur.FILTER)
                .build();
        try {
            Map<String, Float> out = new HashMap<>();
            for (ScoreDoc sd : searcher.search(restricted, Math.max(1, titles.size())).scoreDocs) {
                out.put(documents.get(position(sd.doc)).title(), sd.score);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Query bm25(List<String> terms) {
        // A term repeated c times in the query contributes c times its BM25 score (clauses add up);
        // one clause boosted by c scores the same with fewer clauses to evaluate.
        Map<String, Integer> counts = new LinkedHashMap<>();
        terms.forEach(t -> counts.merge(t, 1, Integer::sum));
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        counts.forEach((t, c) -> {
            q.add(new BoostQuery(new TermQuery(new Term("title", t)), TITLE_BOOST * c), BooleanClause.Occur.SHOULD);
            q.add(new BoostQuery(new TermQuery(new Term("text", t)), c), BooleanClause.Occur.SHOULD);
        });
        return q.build();
    }

    private int position(int docId) throws IOException {
        return searcher.storedFields().document(docId).getField("pos").numericValue().intValue();
    }
}
