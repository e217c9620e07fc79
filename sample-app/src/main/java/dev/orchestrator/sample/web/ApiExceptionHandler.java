package dev.orchestrator.sample.web;

import java.util.concurrent.RejectedExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Writes every error of the API as a problem detail: the application's own
 * ({@link Problems}), Spring MVC's (unreadable JSON, a parameter of the wrong type, an unknown path)
 * and the dispatcher refusing work (shutting down, queue full: 503).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(RejectedExecutionException.class)
    ProblemDetail rejected(RejectedExecutionException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Not accepting jobs");
        return problem;
    }
}
