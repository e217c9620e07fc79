package dev.orchestrator.sample.modules.auth;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;

/** Logs a user in. */
public final class LoginJob extends BaseJob {

    private final String user;
    private final Duration duration;

    /**
     * @param user who logs in
     * @param duration time the login takes
     */
    public LoginJob(String user, Duration duration) {
        this.user = user;
        this.duration = duration;
    }

    /** @return who logs in */
    public String user() {
        return user;
    }

    /** @return the time the login takes */
    public Duration duration() {
        return duration;
    }
}
