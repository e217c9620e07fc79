package dev.orchestrator.sample.board;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of job the page can start, as named in the API ({@code "kind": "upload"}). */
public enum JobKind {
    /** A long upload in parts: progress, cancel, replace. */
    UPLOAD,
    /** A call to a flaky service: retry with backoff, transient and permanent errors. */
    FLAKY,
    /** An export that needs longer than its timeout. */
    EXPORT;

    /** @return the name used in the API and on the page */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a kind as written in a request, may be {@code null}
     * @return the kind, if {@code id} names one
     */
    public static Optional<JobKind> parse(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }

    /** @return the valid names, for error messages */
    public static String names() {
        return Arrays.stream(values()).map(JobKind::id).collect(Collectors.joining(", "));
    }
}
