package dev.orchestrator.sample.modules;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.Dispatcher;

/**
 * A module that reacts to the public {@link UserLoggedInEvent} on the global bus by dispatching a
 * job on its own bus (chat, cart).
 *
 * <p>It lives on its scoped bus and {@linkplain #listenTo listens to} the global one for that one
 * event type: the login reaches {@link #onPassiveEvent}, one at a time with the module's own job
 * events and through its circuit breaker, and the subscription ends when the module closes.
 */
public abstract class LoginReactingOrchestrator extends ModuleOrchestrator {

    /**
     * @param module the module's name
     * @param activity what its job does, with {@code %s} for the user
     * @param dispatcher runs the jobs
     * @param bus the module's scoped bus
     * @param globalBus the global bus, for the public event
     */
    protected LoginReactingOrchestrator(
            String module, String activity, Dispatcher dispatcher, SignalBus bus, SignalBus globalBus) {
        super(module, activity, dispatcher, bus);
        listenTo(globalBus, UserLoggedInEvent.class);
    }

    /**
     * A user logged in; dispatch this module's job for them.
     *
     * @param user who logged in
     */
    protected abstract void onUserLoggedIn(String user);

    @Override
    protected void onPassiveEvent(BaseEvent event) {
        if (event instanceof UserLoggedInEvent login) {
            onUserLoggedIn(login.user());
        }
    }
}
