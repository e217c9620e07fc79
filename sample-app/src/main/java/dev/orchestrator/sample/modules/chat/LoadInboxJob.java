package dev.orchestrator.sample.modules.chat;

import dev.orchestrator.sample.modules.UserJob;
import java.time.Duration;

/** Loads a user's chat inbox. */
public final class LoadInboxJob extends UserJob {

    /**
     * @param user whose inbox
     * @param duration time loading takes
     */
    public LoadInboxJob(String user, Duration duration) {
        super(user, duration);
    }
}
