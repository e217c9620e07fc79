package dev.orchestrator.spring;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.JobRegistry;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Creates scoped buses for the modules of one application context: each bus delivers on
 * the context's own delivery executor (so a blocked handler in this context never delays another
 * context's subscribers), logs through the context's logger, and is tracked by the job registry
 * (listed by the actuator endpoint, counted by the metrics). Declare each bus as a bean:
 *
 * <pre>{@code
 * @Bean
 * SignalBus cartBus(SignalBuses buses) {
 *     return buses.create("cart");   // closed with the context
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class SignalBuses {

    private final Executor deliveryExecutor;
    private final OrchestratorLogger logger;
    private final JobRegistry registry;

    /**
     * Creates the factory of one application context.
     *
     * @param deliveryExecutor runs the buses' deliveries, not {@code null}
     * @param logger where the buses report failing subscribers and overflows, not {@code null}
     * @param registry tracks the buses, not {@code null}
     */
    public SignalBuses(Executor deliveryExecutor, OrchestratorLogger logger, JobRegistry registry) {
        this.deliveryExecutor = Objects.requireNonNull(deliveryExecutor, "deliveryExecutor must not be null");
        this.logger = Objects.requireNonNull(logger, "logger must not be null");
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
    }

    /**
     * {@return a new open bus}
     *
     * @param name the bus's name, shown by the endpoint and used as the {@code bus} metric tag; not
     *     blank, and one of a fixed set (it is a metric tag)
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SignalBus create(String name) {
        SignalBus bus = builder(name).build();
        registry.track(bus);
        return bus;
    }

    /**
     * {@return a builder already set with the context's delivery executor and logger, for further settings such as the
     * subscriber capacity; the registry tracks the bus once an orchestrator or a dispatch uses it}
     *
     * @param name the bus's name; not blank
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SignalBus.Builder builder(String name) {
        return SignalBus.builder(name).deliveryExecutor(deliveryExecutor).logger(logger);
    }
}
