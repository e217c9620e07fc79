package dev.orchestrator.sample;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.logging.OrchestratorLogger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's scoped buses (seed 5.6), one per module, each closed with the context. The
 * global bus is the starter's {@code @Primary} {@link SignalBus}: an unqualified {@code SignalBus}
 * parameter gets it. A module's orchestrator takes its bus by name with {@code @Qualifier}.
 */
@Configuration(proxyBeanMethods = false)
public class Buses {

    /** Bus of the job demos (upload, flaky call, export). */
    public static final String JOBS = "jobsBus";
    /** Bus of the auth module. */
    public static final String AUTH = "authBus";
    /** Bus of the chat module. */
    public static final String CHAT = "chatBus";
    /** Bus of the cart module. */
    public static final String CART = "cartBus";
    /** Bus of the feedback-loop demo (circuit breaker). */
    public static final String LOOP = "loopBus";

    @Bean(JOBS)
    SignalBus jobsBus(OrchestratorLogger logger) {
        return scoped("jobs", logger);
    }

    @Bean(AUTH)
    SignalBus authBus(OrchestratorLogger logger) {
        return scoped("auth", logger);
    }

    @Bean(CHAT)
    SignalBus chatBus(OrchestratorLogger logger) {
        return scoped("chat", logger);
    }

    @Bean(CART)
    SignalBus cartBus(OrchestratorLogger logger) {
        return scoped("cart", logger);
    }

    @Bean(LOOP)
    SignalBus loopBus(OrchestratorLogger logger) {
        return scoped("loop", logger);
    }

    private static SignalBus scoped(String name, OrchestratorLogger logger) {
        return SignalBus.builder(name).logger(logger).build();
    }
}
