package dev.orchestrator.spring.it;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small application that uses the starter the way our users do: @Executor beans and orchestrators.
 * It runs without Spring Security, which is on the test class path for {@link EndpointSecurityHttpTest}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
        exclude = {
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
public class TestApplication {

    /** Succeeds at once. */
    public static final class PingJob extends BaseJob {}

    /** Blocks until {@link Gate} opens. */
    public static final class BlockJob extends BaseJob {}

    /** Always fails; retried once. */
    public static final class FailJob extends BaseJob {
        public FailJob() {
            super(JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(1)
                            .baseDelay(Duration.ofMillis(1))
                            .build())
                    .build());
        }
    }

    /** A domain event that the flood orchestrator emits in a loop. */
    public static final class FloodEvent extends BaseEvent {
        public FloodEvent() {
            super("flood");
        }
    }

    /** An event whose handler always throws. */
    public static final class PoisonEvent extends BaseEvent {
        public PoisonEvent() {
            super("poison");
        }
    }

    /** Opens to release every blocked job. */
    public static final class Gate {
        public final CountDownLatch open = new CountDownLatch(1);
    }

    @Bean
    Gate gate() {
        return new Gate();
    }

    @Bean
    @Executor
    BaseExecutor<PingJob> pingExecutor() {
        return new BaseExecutor<>() {
            @Override
            protected Object process(PingJob job) {
                return "pong";
            }

            @Override
            public String name() {
                return "PingExecutor";
            }
        };
    }

    @Bean
    @Executor
    BlockExecutor blockExecutor(Gate gate) {
        return new BlockExecutor(gate);
    }

    @Bean
    @Executor
    FailExecutor failExecutor() {
        return new FailExecutor();
    }

    @Bean
    FloodOrchestrator floodOrchestrator(Dispatcher dispatcher, SignalBus bus) {
        return new FloodOrchestrator(dispatcher, bus);
    }

    public static final class BlockExecutor extends BaseExecutor<BlockJob> {
        private final Gate gate;

        BlockExecutor(Gate gate) {
            this.gate = gate;
        }

        @Override
        protected Object process(BlockJob job) throws InterruptedException {
            emitProgress(job, 0.25, "waiting at the gate");
            gate.open.await();
            return "released";
        }
    }

    public static final class FailExecutor extends BaseExecutor<FailJob> {
        @Override
        protected Object process(FailJob job) {
            throw new IllegalStateException("boom");
        }
    }

    /** Handles every FloodEvent by emitting another: a feedback loop that its breaker must stop. */
    public static final class FloodOrchestrator extends BaseOrchestrator<Integer> {
        FloodOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (event instanceof PoisonEvent) {
                throw new IllegalArgumentException("poisoned");
            }
            if (event instanceof FloodEvent) {
                emit(getState() + 1);
                bus().emit(new FloodEvent());
            }
        }
    }
}
