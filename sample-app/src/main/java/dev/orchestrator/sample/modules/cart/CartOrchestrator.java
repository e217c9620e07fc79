package dev.orchestrator.sample.modules.cart;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.SampleProperties;
import dev.orchestrator.sample.modules.LoginReactingOrchestrator;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The cart module: when a user logs in (the public event on the global bus) it restores their
 * cart with a job on the cart bus.
 */
@Component
public class CartOrchestrator extends LoginReactingOrchestrator {

    private final SampleProperties properties;

    /**
     * @param dispatcher runs the jobs
     * @param cartBus the cart module's bus
     * @param globalBus the global bus, for the public event
     * @param properties how long restoring takes
     */
    public CartOrchestrator(
            Dispatcher dispatcher,
            @Qualifier(Buses.CART) SignalBus cartBus,
            @Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN) SignalBus globalBus,
            SampleProperties properties) {
        super("cart", "Restoring the cart of %s", dispatcher, cartBus, globalBus);
        this.properties = properties;
    }

    @Override
    protected void onUserLoggedIn(String user) {
        run(new RestoreCartJob(user, properties.modules().duration()), user);
    }

    @Override
    protected void onResult(@Nullable String user, JobSuccessEvent event) {
        List<?> items = event.dataAs(List.class).orElse(List.of());
        show(
                user,
                "Cart of " + user + " restored",
                items.size()
                        + (items.size() == 1 ? " item: " : " items: ")
                        + String.join(", ", items.stream().map(String::valueOf).toList()));
    }
}
