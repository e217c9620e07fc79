package dev.orchestrator.sample.web;

import java.util.regex.Pattern;

/** Job ids in URLs: the framework generates UUIDs, so anything else is a malformed request. */
final class JobIds {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobIds() {}

    /**
     * @param id a job id from a URL
     * @return the id
     * @throws org.springframework.web.ErrorResponseException 400 when it is not a UUID
     */
    static String requireWellFormed(String id) {
        if (!UUID.matcher(id).matches()) {
            throw Problems.badRequest("Job id must be a UUID such as 3f54d12c-7cce-4917-87ac-51ef3fb68a13, was "
                    + ApiExceptionHandler.echo(id));
        }
        return id;
    }
}
