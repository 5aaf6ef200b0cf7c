package dev.rwb.engine.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A closed choice list of the run config (algorithm, KL estimator, mask preset, …): each constant
 * is written in JSON as its snake_case {@link #key()}. Unknown keys are rejected with the allowed
 * ones named.
 */
public interface ConfigChoice {
    /** The value as written in the run config JSON, e.g. {@code dr_grpo}. */
    String key();

    /** The keys of a choice list, in declaration order (the form's menus list them so). */
    static <E extends Enum<E> & ConfigChoice> List<String> keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigChoice::key).toList();
    }

    /**
     * The constant whose key is {@code key}; case and '-' vs '_' are forgiven ("seq-mean-token-mean").
     *
     * @throws IllegalArgumentException naming the value and the allowed keys
     */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key) {
        if (key != null) {
            String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.key().equals(k)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not one of " + keys(type));
    }
}
