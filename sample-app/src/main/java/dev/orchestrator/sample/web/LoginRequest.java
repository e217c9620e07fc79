package dev.orchestrator.sample.web;

import java.util.regex.Pattern;

/**
 * Body of {@code POST /api/login}.
 *
 * @param user who logs in: 1 to 20 letters or digits
 */
public record LoginRequest(String user) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}]{1,20}");

    String validUser() {
        if (user == null || !NAME.matcher(user).matches()) {
            throw Problems.badRequest("'user' must be 1 to 20 letters or digits, was "
                    + (user == null ? "missing" : ApiExceptionHandler.echo(user)));
        }
        return user;
    }
}
