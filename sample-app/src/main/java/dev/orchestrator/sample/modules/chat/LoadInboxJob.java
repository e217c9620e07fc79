package dev.orchestrator.sample.modules.chat;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;

/** Loads a user's chat inbox. */
public final class LoadInboxJob extends BaseJob {

    private final String user;
    private final Duration duration;

    /**
     * @param user whose inbox
     * @param duration time loading takes
     */
    public LoadInboxJob(String user, Duration duration) {
        this.user = user;
        this.duration = duration;
    }

    /** @return whose inbox */
    public String user() {
        return user;
    }

    /** @return the time loading takes */
    public Duration duration() {
        return duration;
    }
}
