package dev.orchestrator.job;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Base of every job: an immutable command that says what should happen. Its class selects the
 * {@link dev.orchestrator.orchestration.BaseExecutor} that runs it.
 *
 * <p>A job has an {@link #id()} (the correlation id of every event about it; a random UUID when
 * not given) and, optionally, a timeout, a {@link CancellationToken}, a {@link RetryPolicy} and
 * metadata, given through {@link JobOptions}. Subclasses add their own final fields.
 *
 * <p>A job is plain data: it holds no run state (where it runs, its attempts and progress live in
 * the dispatcher's {@link dev.orchestrator.orchestration.JobRegistry}), so one instance can be logged, compared or serialized at
 * any time. Job ids are unique among running jobs and the finished jobs the registry retains: a
 * second dispatch of the same instance (or of any job with its id) fails while the first is running
 * or retained. Immutable, and so thread-safe, when subclasses keep their own fields final.
 */
public abstract class BaseJob {

    private final String id;
    private final @Nullable Duration timeout;
    private final @Nullable CancellationToken cancellationToken;
    private final @Nullable RetryPolicy retryPolicy;
    private final Map<String, Object> metadata;

    /** Creates a job with a generated id and no options. */
    protected BaseJob() {
        this(JobOptions.none());
    }

    /**
     * Creates a job with the given id and no other options.
     *
     * @param id the id: 1 to {@value JobOptions#MAX_ID_LENGTH} characters, each an ASCII letter or digit
     *     or one of {@code . _ - :}
     * @throws IllegalArgumentException when the id breaks that rule
     */
    protected BaseJob(String id) {
        this(JobOptions.builder().id(id).build());
    }

    /**
     * Creates a job with the given options.
     *
     * @param options the options, not {@code null}
     */
    protected BaseJob(JobOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        // The options' fields, read without the Optionals of the public getters (one per job each)
        String givenId = options.idOrNull();
        this.id = givenId != null ? givenId : UUID.randomUUID().toString();
        this.timeout = options.timeoutOrNull();
        this.cancellationToken = options.cancellationTokenOrNull();
        this.retryPolicy = options.retryPolicyOrNull();
        this.metadata = options.metadata();
    }

    /** {@return the id: the correlation id of every event about this job; never {@code null}} */
    public final String id() {
        return id;
    }

    /** {@return the time the whole job may take, if limited} */
    public final Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return the token that cancels this job, if any} */
    public final Optional<CancellationToken> cancellationToken() {
        return Optional.ofNullable(cancellationToken);
    }

    /** {@return the job's own retry policy, if any} */
    public final Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    /** {@return the metadata; unmodifiable, never {@code null}} */
    public final Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + "]";
    }

    /**
     * Names this job for a log line or an exception message: its type and quoted id, never its data.
     *
     * @return for example {@code UploadJob[id='42']}
     */
    public final String logName() {
        return LogText.named(getClass(), "id", id);
    }
}
