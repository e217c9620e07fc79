package dev.orchestrator.sample.upload;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Uploads a file in parts (a chunked upload); cancellable with its token. */
public final class UploadJob extends BaseJob {

    private final String fileName;
    private final int parts;
    private final Duration duration;

    /**
     * @param fileName the file being uploaded
     * @param parts number of parts, at least 1
     * @param duration time the whole upload takes, not negative
     * @param token cancels the upload; {@code null} for a job read back from JSON (a token is no data)
     */
    public UploadJob(String fileName, int parts, Duration duration, @Nullable CancellationToken token) {
        super(options(fileName, token));
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, was " + parts);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        this.fileName = Objects.requireNonNull(fileName, "fileName must not be null");
        this.parts = parts;
        this.duration = duration;
    }

    // The token is a runtime handle, not data: a job read back from JSON has none.
    private static JobOptions options(String fileName, @Nullable CancellationToken token) {
        JobOptions.Builder options = JobOptions.builder().metadata("file", fileName);
        if (token != null) {
            options.cancellationToken(token);
        }
        return options.build();
    }

    /** @return the file being uploaded */
    public String fileName() {
        return fileName;
    }

    /** @return the number of parts */
    public int parts() {
        return parts;
    }

    /** @return the time the whole upload takes */
    public Duration duration() {
        return duration;
    }
}
