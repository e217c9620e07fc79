package dev.orchestrator.sample.modules.auth;

/**
 * The result of a login.
 *
 * @param user who logged in
 * @param sessionId the new session's id
 */
public record Session(String user, String sessionId) {}
