package dev.orchestrator.sample;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.spring.SignalBuses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's scoped buses, one per module, each created by the starter's
 * {@link SignalBuses} (this context's delivery threads and logger) and closed with the context. The
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
    SignalBus jobsBus(SignalBuses buses) {
        return buses.create("jobs");
    }

    @Bean(AUTH)
    SignalBus authBus(SignalBuses buses) {
        return buses.create("auth");
    }

    @Bean(CHAT)
    SignalBus chatBus(SignalBuses buses) {
        return buses.create("chat");
    }

    @Bean(CART)
    SignalBus cartBus(SignalBuses buses) {
        return buses.create("cart");
    }

    @Bean(LOOP)
    SignalBus loopBus(SignalBuses buses) {
        return buses.create("loop");
    }
}
