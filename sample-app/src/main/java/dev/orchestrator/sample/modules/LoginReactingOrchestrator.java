package dev.orchestrator.sample.modules;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.job.Dispatcher;

/**
 * A module that reacts to the public {@link UserLoggedInEvent} on the global bus by dispatching a
 * job on its own bus (chat, cart).
 *
 * <p>An orchestrator listens to one bus, its own; hearing the global bus takes a second
 * subscription, removed on {@link #close()}. Its handler only dispatches (thread-safe), so the
 * state still changes in the hooks alone.
 */
public abstract class LoginReactingOrchestrator extends ModuleOrchestrator {

    private final Subscription onLogin;

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
        this.onLogin = globalBus.subscribe(name(), UserLoggedInEvent.class, event -> onUserLoggedIn(event.user()));
    }

    /**
     * A user logged in; dispatch this module's job for them. Runs on the global bus's delivery.
     *
     * @param user who logged in
     */
    protected abstract void onUserLoggedIn(String user);

    @Override
    public void close() {
        onLogin.unsubscribe();
        super.close();
    }
}
