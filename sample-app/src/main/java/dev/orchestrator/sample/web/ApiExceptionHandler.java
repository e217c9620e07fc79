package dev.orchestrator.sample.web;

import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Writes every error of the API as a problem detail: the application's own
 * ({@link Problems}), Spring MVC's (unreadable JSON, a parameter of the wrong type, an unknown path)
 * and the dispatcher refusing work (shutting down, queue full: 503).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Longest value a problem detail repeats back. */
    static final int MAX_ECHO = 60;

    /**
     * Unreadable JSON: names the field and the value as sent (cut at {@value #MAX_ECHO} characters)
     * and what the field takes, instead of Spring's "Failed to read request".
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
        problem.setTitle("Bad request");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = mismatch.getTargetType() == null ? "another value" : expected(mismatch.getTargetType());
            if (mismatch instanceof InvalidFormatException invalid) {
                return "'" + field + "' cannot be " + echo(String.valueOf(invalid.getValue())) + ": it takes "
                        + expected;
            }
            return "'" + field + "' has a value of the wrong kind: it takes " + expected;
        }
        if (cause instanceof JacksonException json) {
            return "The request body is not valid JSON: " + echo(json.getOriginalMessage());
        }
        return "The request body could not be read: a JSON object is expected";
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }

    /** A caller's value, quoted and cut. */
    static String echo(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        return "'" + (value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…") + "'";
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ProblemDetail rejected(RejectedExecutionException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Not accepting jobs");
        return problem;
    }
}
