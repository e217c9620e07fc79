package dev.orchestrator.spring.slice;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.spring.SignalBuses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares a scoped bus: the slice keeps configuration classes like this one. */
@Configuration(proxyBeanMethods = false)
class ReportBuses {
    @Bean
    SignalBus reportsBus(SignalBuses buses) {
        return buses.create("reports");
    }
}
