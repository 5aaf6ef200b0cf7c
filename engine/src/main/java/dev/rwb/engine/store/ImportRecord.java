package dev.rwb.engine.store;

import java.time.Instant;
import java.util.List;

/**
 * A source that was imported into the DB, remembered by its content hash so that importing the
 * same dump again (under any file name) can be refused instead of doubling every group.
 *
 * @param contentHash  SHA-256 of the source's bytes (hex; a directory hashes its files in path order)
 * @param source       the path it was imported from
 * @param format       the format it was read as
 * @param runs         the runs that received its trajectories
 * @param trajectories how many trajectories it stored
 * @param importedAt   when
 */
public record ImportRecord(String contentHash, String source, String format, List<String> runs, long trajectories,
                           Instant importedAt) {
    public ImportRecord {
        runs = List.copyOf(runs);
    }
}
