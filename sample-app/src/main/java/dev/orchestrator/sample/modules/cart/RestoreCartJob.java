package dev.orchestrator.sample.modules.cart;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;

/** Restores the cart a user left last time. */
public final class RestoreCartJob extends BaseJob {

    private final String user;
    private final Duration duration;

    /**
     * @param user whose cart
     * @param duration time restoring takes
     */
    public RestoreCartJob(String user, Duration duration) {
        this.user = user;
        this.duration = duration;
    }

    /** @return whose cart */
    public String user() {
        return user;
    }

    /** @return the time restoring takes */
    public Duration duration() {
        return duration;
    }
}
