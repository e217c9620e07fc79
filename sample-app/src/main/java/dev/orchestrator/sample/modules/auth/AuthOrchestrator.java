package dev.orchestrator.sample.modules.auth;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.SampleProperties;
import dev.orchestrator.sample.modules.ModuleOrchestrator;
import dev.orchestrator.sample.modules.UserLoggedInEvent;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The auth module: logs users in on the auth bus, then tells the other modules with one public
 * event, {@link UserLoggedInEvent}, on the global bus. Its job events stay on the auth bus.
 */
@Component
public class AuthOrchestrator extends ModuleOrchestrator {

    private final SignalBus globalBus;
    private final SampleProperties properties;

    /**
     * @param dispatcher runs the jobs
     * @param authBus the auth module's bus
     * @param globalBus the global bus, for the public event
     * @param properties how long a login takes
     */
    public AuthOrchestrator(
            Dispatcher dispatcher,
            @Qualifier(Buses.AUTH) SignalBus authBus,
            @Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN) SignalBus globalBus,
            SampleProperties properties) {
        super("auth", "Logging %s in", dispatcher, authBus);
        this.globalBus = globalBus;
        this.properties = properties;
    }

    /**
     * Logs a user in, in the background.
     *
     * @param user who logs in
     * @return the login job's id
     */
    public String login(String user) {
        return run(new LoginJob(user, properties.modules().duration()), user);
    }

    @Override
    protected void onResult(@Nullable String user, JobSuccessEvent event) {
        Session session = event.dataAs(Session.class).orElseThrow();
        show(session.user(), "Logged in as " + session.user(), "session " + session.sessionId());
        globalBus.emit(new UserLoggedInEvent(event.correlationId(), session.user()));
    }
}
