package dev.orchestrator.sample.web;

import dev.orchestrator.sample.board.JobKind;
import dev.orchestrator.sample.flaky.FailureMode;
import java.time.Duration;

/**
 * Body of {@code POST /api/jobs}. Only {@code kind} is required; the rest falls back to the
 * {@code sample.*} settings. Each accessor checks its one value and answers 400 naming it.
 *
 * @param kind {@code upload}, {@code flaky} or {@code export}
 * @param parts for an upload: number of parts, 1 to {@value #MAX_PARTS}
 * @param durationMs how long the work takes (upload: all of it; flaky: each call; export: all of it), 0 to {@value
 *     #MAX_DURATION_MS}
 * @param mode for a flaky call: {@code random}, {@code transient} or {@code permanent}
 * @param failFirst for a flaky call in transient mode: attempts that fail, 0 to {@value #MAX_FAIL_FIRST}
 */
public record StartJobRequest(String kind, Integer parts, Long durationMs, String mode, Integer failFirst) {

    /** Most parts an upload may have. */
    public static final int MAX_PARTS = 100;
    /** Longest work a request may ask for: ten minutes. */
    public static final long MAX_DURATION_MS = 600_000;
    /** Most failing attempts a transient call may ask for. */
    public static final int MAX_FAIL_FIRST = 10;
    /** Failing attempts of a transient call when not given: two retry notices, then success. */
    public static final int DEFAULT_FAIL_FIRST = 2;

    JobKind jobKind() {
        if (kind == null) {
            throw Problems.badRequest("'kind' is required; one of " + JobKind.names());
        }
        return JobKind.parse(kind)
                .orElseThrow(() -> Problems.badRequest(
                        "Unknown job kind " + ApiExceptionHandler.echo(kind) + "; one of " + JobKind.names()));
    }

    int partsOr(int fallback) {
        int value = parts != null ? parts : fallback;
        if (value < 1 || value > MAX_PARTS) {
            throw Problems.badRequest("'parts' must be between 1 and " + MAX_PARTS + ", was " + value);
        }
        return value;
    }

    Duration durationOr(Duration fallback) {
        if (durationMs == null) {
            return fallback;
        }
        if (durationMs < 0) {
            throw Problems.badRequest("'durationMs' must not be negative, was " + durationMs);
        }
        if (durationMs > MAX_DURATION_MS) {
            throw Problems.badRequest("'durationMs' must be at most " + MAX_DURATION_MS + ", was " + durationMs);
        }
        return Duration.ofMillis(durationMs);
    }

    FailureMode failureMode() {
        if (mode == null) {
            return FailureMode.RANDOM;
        }
        return FailureMode.parse(mode)
                .orElseThrow(() -> Problems.badRequest(
                        "Unknown mode " + ApiExceptionHandler.echo(mode) + "; one of " + FailureMode.names()));
    }

    int failFirstOrDefault() {
        int value = failFirst != null ? failFirst : DEFAULT_FAIL_FIRST;
        if (value < 0 || value > MAX_FAIL_FIRST) {
            throw Problems.badRequest("'failFirst' must be between 0 and " + MAX_FAIL_FIRST + ", was " + value);
        }
        return value;
    }
}
