package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.FinishReason;

import java.util.List;
import java.util.Set;

/**
 * A filter over stored trajectories; every criterion is optional (null = any). Build with {@link #builder()}.
 */
public record TrajectoryQuery(Set<String> runs, Integer minStep, Integer maxStep, String task, Double minReward,
                              Double maxReward, Boolean correct, FinishReason finishReason, Integer minToolCalls,
                              Integer maxToolCalls, String textContains, SortField sortField, boolean ascending,
                              int offset, int limit, String lint, List<Long> ids, String tag, Seek seek) {

    /** The {@link #lint()} value that matches trajectories with at least one lint finding of any code. */
    public static final String ANY_LINT = "*";

    /** Columns a query can be sorted by. */
    public enum SortField {
        ID("t.id"), STEP("t.step"), REWARD("t.reward"), LENGTH("t.length"), TOOL_CALLS("t.num_tool_calls"),
        TASK("t.task"),
        /** The order of {@link TrajectoryQuery#ids()} (by id when the query names no ids). */
        GIVEN_ORDER("t.id");

        final String column;

        SortField(String column) {
            this.column = column;
        }
    }

    /**
     * Where a page starts when it is read by seeking (keyset paging): just after {@code row} in the
     * query's sort order, or with {@code before}, just before it. A page next to one on screen is
     * then found through the sort column's index in a few ms at any depth, where an OFFSET steps over
     * every row before it (half a second 500,000 rows deep).
     */
    public record Seek(TrajectorySummary row, boolean before) {
        public Seek {
            java.util.Objects.requireNonNull(row, "row");
        }
    }

    public TrajectoryQuery {
        runs = runs == null ? Set.of() : Set.copyOf(runs);
        sortField = sortField == null ? SortField.ID : sortField;
        ids = ids == null ? List.of() : List.copyOf(ids);
        if (offset < 0 || limit <= 0) {
            throw new IllegalArgumentException("page needs offset ≥ 0 and limit > 0, got " + offset + ", " + limit);
        }
        if (seek != null && offset > 0) {
            throw new IllegalArgumentException("a page read by seeking starts at its row, not at an offset (" + offset + ")");
        }
        if (seek != null && !seekable(sortField, ids)) {
            throw new IllegalArgumentException("a page in the order of given ids cannot be read by seeking; use an offset");
        }
    }

    /** Whether pages of this query can be read by seeking from a row ({@link Seek}): every order but a given id list. */
    public boolean seekable() {
        return seekable(sortField, ids);
    }

    private static boolean seekable(SortField sortField, List<Long> ids) {
        return sortField != SortField.GIVEN_ORDER || ids.isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything, first page of 100 by id. */
    public static TrajectoryQuery all() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.runs = runs;
        b.minStep = minStep;
        b.maxStep = maxStep;
        b.task = task;
        b.minReward = minReward;
        b.maxReward = maxReward;
        b.correct = correct;
        b.finishReason = finishReason;
        b.minToolCalls = minToolCalls;
        b.maxToolCalls = maxToolCalls;
        b.textContains = textContains;
        b.sortField = sortField;
        b.ascending = ascending;
        b.offset = offset;
        b.limit = limit;
        b.lint = lint;
        b.ids = ids;
        b.tag = tag;
        b.seek = seek;
        return b;
    }

    /** Builder of {@link TrajectoryQuery}. */
    public static final class Builder {
        private Set<String> runs;
        private Integer minStep;
        private Integer maxStep;
        private String task;
        private Double minReward;
        private Double maxReward;
        private Boolean correct;
        private FinishReason finishReason;
        private Integer minToolCalls;
        private Integer maxToolCalls;
        private String textContains;
        private SortField sortField = SortField.ID;
        private boolean ascending = true;
        private int offset;
        private int limit = 100;
        private String lint;
        private List<Long> ids;
        private String tag;
        private Seek seek;

        private Builder() {
        }

        public Builder runs(Set<String> runNames) {
            this.runs = runNames;
            return this;
        }

        public Builder run(String runName) {
            this.runs = runName == null ? null : Set.of(runName);
            return this;
        }

        public Builder stepRange(Integer min, Integer max) {
            this.minStep = min;
            this.maxStep = max;
            return this;
        }

        public Builder task(String taskName) {
            this.task = taskName;
            return this;
        }

        public Builder rewardRange(Double min, Double max) {
            this.minReward = min;
            this.maxReward = max;
            return this;
        }

        public Builder correct(Boolean isCorrect) {
            this.correct = isCorrect;
            return this;
        }

        public Builder finishReason(FinishReason reason) {
            this.finishReason = reason;
            return this;
        }

        public Builder toolCallRange(Integer min, Integer max) {
            this.minToolCalls = min;
            this.maxToolCalls = max;
            return this;
        }

        /** Case-insensitive substring of the decoded trajectory text. */
        public Builder textContains(String text) {
            this.textContains = text == null || text.isEmpty() ? null : text;
            return this;
        }

        public Builder sort(SortField field, boolean asc) {
            this.sortField = field;
            this.ascending = asc;
            return this;
        }

        /** The page at {@code pageOffset} rows into the result (and no {@link Seek}). */
        public Builder page(int pageOffset, int pageLimit) {
            this.offset = pageOffset;
            this.limit = pageLimit;
            this.seek = null;
            return this;
        }

        /** The {@code pageLimit} rows that follow {@code row} in the sort order (keyset paging, see {@link Seek}). */
        public Builder pageAfter(TrajectorySummary row, int pageLimit) {
            return seek(new Seek(row, false), pageLimit);
        }

        /**
         * The {@code pageLimit} rows that precede {@code row} in the sort order, listed in that order;
         * the result's {@link TrajectoryRows#hasMore()} then tells whether rows precede them.
         */
        public Builder pageBefore(TrajectorySummary row, int pageLimit) {
            return seek(new Seek(row, true), pageLimit);
        }

        private Builder seek(Seek s, int pageLimit) {
            this.seek = s;
            this.offset = 0;
            this.limit = pageLimit;
            return this;
        }

        /**
         * Only trajectories with a stored lint finding of this code ({@code masked-role-trained}, …),
         * or of any code with {@link #ANY_LINT}; null = no lint criterion.
         */
        public Builder lint(String code) {
            this.lint = code == null || code.isBlank() ? null : code;
            return this;
        }

        /**
         * Only these trajectories (empty or null = no id criterion); {@link SortField#GIVEN_ORDER}
         * lists them in this order (e.g. by what drives a metric at one step).
         */
        public Builder ids(List<Long> trajectoryIds) {
            this.ids = trajectoryIds;
            return this;
        }

        /** Only trajectories with this tag, or of a run with it (null = no tag criterion). */
        public Builder tag(String name) {
            this.tag = name == null || name.isBlank() ? null : name;
            return this;
        }

        public TrajectoryQuery build() {
            return new TrajectoryQuery(runs, minStep, maxStep, task, minReward, maxReward, correct, finishReason,
                    minToolCalls, maxToolCalls, textContains, sortField, ascending, offset, limit, lint, ids, tag, seek);
        }
    }
}
