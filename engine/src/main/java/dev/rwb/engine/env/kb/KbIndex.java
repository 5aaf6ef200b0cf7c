package dev.rwb.engine.env.kb;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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

    private final Analyzer analyzer = new StandardAnalyzer(STOP_WORDS);
    private final IndexSearcher searcher;
    private final List<KbDocument> documents;

    public KbIndex(List<KbDocument> documents) {
        this.documents = List.copyOf(documents);
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (int i = 0; i < this.documents.size(); i++) {
                KbDocument d = this.documents.get(i);
                Document doc = new Document();
                doc.add(new StoredField("pos", i));
                doc.add(new TextField("title", d.title(), Field.Store.NO));
                doc.add(new TextField("text", d.text(), Field.Store.NO));
                w.addDocument(doc);
            }
            w.commit();
            searcher = new IndexSearcher(DirectoryReader.open(dir));
            searcher.setSimilarity(new BM25Similarity());
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
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (String t : terms) {
            q.add(new BoostQuery(new TermQuery(new Term("title", t)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
            q.add(new TermQuery(new Term("text", t)), BooleanClause.Occur.SHOULD);
        }
        try {
            List<KbDocument> out = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(q.build(), k).scoreDocs) {
                int pos = searcher.storedFields().document(sd.doc).getField("pos").numericValue().intValue();
                out.add(documents.get(pos));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
