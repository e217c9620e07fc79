package dev.orchestrator.sample.modules;

import dev.orchestrator.event.BaseEvent;
import java.util.Objects;

/**
 * The one public event of the modules: published by the auth module on the global bus, where the
 * chat and cart modules react to it ("use the global bus only for public events").
 * Immutable.
 */
public final class UserLoggedInEvent extends BaseEvent {

    private final String user;

    /**
     * @param correlationId the id of the login job
     * @param user who logged in
     */
    public UserLoggedInEvent(String correlationId, String user) {
        super(correlationId);
        this.user = Objects.requireNonNull(user, "user must not be null");
    }

    /** @return who logged in */
    public String user() {
        return user;
    }

    @Override
    protected String describe() {
        return "user=" + user;
    }
}
