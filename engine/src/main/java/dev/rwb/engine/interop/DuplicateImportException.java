package dev.rwb.engine.interop;

import dev.rwb.engine.store.ImportRecord;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** An import refused because the DB already holds a source with the same content hash. */
public final class DuplicateImportException extends IllegalArgumentException {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final transient ImportRecord earlier;

    public DuplicateImportException(String source, ImportRecord earlier) {
        super("nothing imported: " + source + " has the same content as " + earlier.source() + ", imported "
                + WHEN.format(earlier.importedAt()) + " into run(s) " + earlier.runs() + " (" + earlier.trajectories()
                + " trajectories; sha256 " + earlier.contentHash().substring(0, 12) + "…); importing it again would"
                + " double every group.");
        this.earlier = earlier;
    }

    /** The import that already brought this content in. */
    public ImportRecord earlier() {
        return earlier;
    }
}
