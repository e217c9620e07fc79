package dev.orchestrator.sample.modules.auth;

import dev.orchestrator.sample.modules.UserJob;
import java.time.Duration;

/** Logs a user in. */
public final class LoginJob extends UserJob {

    /**
     * @param user who logs in
     * @param duration time the login takes
     */
    public LoginJob(String user, Duration duration) {
        super(user, duration);
    }
}
