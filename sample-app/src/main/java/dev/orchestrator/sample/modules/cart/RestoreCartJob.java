package dev.orchestrator.sample.modules.cart;

import dev.orchestrator.sample.modules.UserJob;
import java.time.Duration;

/** Restores the cart a user left last time. */
public final class RestoreCartJob extends UserJob {

    /**
     * @param user whose cart
     * @param duration time restoring takes
     */
    public RestoreCartJob(String user, Duration duration) {
        super(user, duration);
    }
}
