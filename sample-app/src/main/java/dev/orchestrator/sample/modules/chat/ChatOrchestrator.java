package dev.orchestrator.sample.modules.chat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.SampleProperties;
import dev.orchestrator.sample.modules.LoginReactingOrchestrator;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The chat module: when a user logs in (the public event on the global bus) it loads their inbox
 * with a job on the chat bus.
 */
@Component
public class ChatOrchestrator extends LoginReactingOrchestrator {

    private final SampleProperties properties;

    /**
     * @param dispatcher runs the jobs
     * @param chatBus the chat module's bus
     * @param globalBus the global bus, for the public event
     * @param properties how long loading takes
     */
    public ChatOrchestrator(
            Dispatcher dispatcher,
            @Qualifier(Buses.CHAT) SignalBus chatBus,
            @Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN) SignalBus globalBus,
            SampleProperties properties) {
        super("chat", "Loading the inbox of %s", dispatcher, chatBus, globalBus);
        this.properties = properties;
    }

    @Override
    protected void onUserLoggedIn(String user) {
        run(new LoadInboxJob(user, properties.modules().duration()), user);
    }

    @Override
    protected void onResult(@Nullable String user, JobSuccessEvent event) {
        int unread = event.dataAs(Integer.class).orElse(0);
        show(user, "Inbox of " + user + " loaded", unread + " unread message" + (unread == 1 ? "" : "s"));
    }
}
