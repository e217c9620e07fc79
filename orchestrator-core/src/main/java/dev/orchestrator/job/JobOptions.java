package dev.orchestrator.job;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The optional settings of a job: id, timeout, cancellation token, retry policy and metadata.
 * Pass them to the {@link BaseJob} constructor. Immutable and thread-safe.
 *
 * <pre>{@code
 * super(JobOptions.builder().timeout(Duration.ofSeconds(30)).cancellationToken(token).build());
 * }</pre>
 */
public final class JobOptions {

    private static final JobOptions NONE = builder().build();

    private final @Nullable String id;
    private final @Nullable Duration timeout;
    private final @Nullable CancellationToken cancellationToken;
    private final @Nullable RetryPolicy retryPolicy;
    private final Map<String, Object> metadata;

    private JobOptions(Builder builder) {
        this.id = builder.id;
        this.timeout = builder.timeout;
        this.cancellationToken = builder.cancellationToken;
        this.retryPolicy = builder.retryPolicy;
        // Most jobs have no metadata: share one empty map instead of copying an empty one per job.
        this.metadata = builder.metadata == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
    }

    /** {@return options that set nothing: a generated id, no timeout, no token, no retry} */
    public static JobOptions none() {
        return NONE;
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the id, if one was given} */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** {@return the timeout, if one was given} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return the cancellation token, if one was given} */
    public Optional<CancellationToken> cancellationToken() {
        return Optional.ofNullable(cancellationToken);
    }

    /** {@return the retry policy, if one was given} */
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    /** {@return the metadata in insertion order; unmodifiable, never {@code null}} */
    public Map<String, Object> metadata() {
        return metadata;
    }

    // Package-private, for BaseJob's constructor: the fields without an Optional each.

    @Nullable
    String idOrNull() {
        return id;
    }

    @Nullable
    Duration timeoutOrNull() {
        return timeout;
    }

    @Nullable
    CancellationToken cancellationTokenOrNull() {
        return cancellationToken;
    }

    @Nullable
    RetryPolicy retryPolicyOrNull() {
        return retryPolicy;
    }

    /**
     * Longest id a caller may choose, in characters: {@value}. Ids reach logs, maps and URLs, so
     * they are bounded in length and characters.
     */
    public static final int MAX_ID_LENGTH = 128;

    /**
     * {@return whether {@code id} follows the rule for job ids: 1 to {@value #MAX_ID_LENGTH} characters,
     * each an ASCII letter or digit or one of {@code . _ - :}; generated ids (UUIDs) do}
     *
     * @param id a candidate id, or {@code null} (not valid)
     */
    public static boolean isValidId(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-'
                    || c == ':';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static String checkId(String id) {
        Objects.requireNonNull(id, "id must not be null");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH
                    + " characters, each a letter or digit (ASCII) or one of . _ - :, was " + LogText.quote(id)
                    + " (" + id.length() + " characters)");
        }
        return id;
    }

    /** Builds {@link JobOptions}; each method checks its one value. Not thread-safe. */
    public static final class Builder {

        private @Nullable String id;
        private @Nullable Duration timeout;
        private @Nullable CancellationToken cancellationToken;
        private @Nullable RetryPolicy retryPolicy;
        private @Nullable Map<String, Object> metadata; // created by the first metadata(key, value)

        private Builder() {}

        /**
         * Sets the job's id.
         *
         * @param id the job's id (its correlation id): 1 to {@value JobOptions#MAX_ID_LENGTH} characters,
         *     each a letter or digit (ASCII) or one of {@code . _ - :}; generated (a random UUID) when
         *     not given. It must be unique: dispatching a job whose id belongs to a running job, or
         *     to a finished job the registry still retains, fails
         * @return this builder
         * @throws IllegalArgumentException when the id is empty, too long or has another character
         */
        public Builder id(String id) {
            this.id = checkId(id);
            return this;
        }

        /**
         * Sets the time the whole job may take.
         *
         * @param timeout the time the whole job (every attempt and backoff wait) may take, positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the token that cancels the job.
         *
         * @param token cancels the job when cancelled, not {@code null}
         * @return this builder
         */
        public Builder cancellationToken(CancellationToken token) {
            this.cancellationToken = Objects.requireNonNull(token, "cancellationToken must not be null");
            return this;
        }

        /**
         * Sets the job's retry policy.
         *
         * @param policy when and how to retry a failed attempt, not {@code null}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy must not be null");
            return this;
        }

        /**
         * Adds one metadata entry.
         *
         * @param key the key, not {@code null}
         * @param value the value, not {@code null}
         * @return this builder
         */
        public Builder metadata(String key, Object value) {
            Objects.requireNonNull(key, "metadata key must not be null");
            Objects.requireNonNull(value, () -> "metadata value for '" + key + "' must not be null");
            if (metadata == null) {
                metadata = new LinkedHashMap<>();
            }
            metadata.put(key, value);
            return this;
        }

        /** {@return the options} */
        public JobOptions build() {
            return new JobOptions(this);
        }
    }
}
