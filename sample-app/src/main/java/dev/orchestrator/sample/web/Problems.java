package dev.orchestrator.sample.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The API's error answers, as RFC 9457 problem details ({@code application/problem+json}): thrown
 * as {@link ErrorResponseException}s, written by {@link ApiExceptionHandler}.
 */
final class Problems {

    private Problems() {}

    /** @return a 400 answer naming the bad value */
    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    /** @return a 404 answer */
    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    /** @return a 409 answer */
    static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, "Conflict", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return new ErrorResponseException(status, problem, null);
    }
}
