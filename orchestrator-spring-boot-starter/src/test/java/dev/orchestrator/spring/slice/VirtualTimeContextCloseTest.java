package dev.orchestrator.spring.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.test.VirtualTime;
import dev.orchestrator.test.spring.EventRecorderAutoConfiguration;
import dev.orchestrator.test.spring.VirtualTimeAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Virtual time turned on by its property alone (as {@code @AutoConfigureOrchestrator} users do): a
 * context closes at once although a job waits in virtual time, which would never end in real time.
 */
class VirtualTimeContextCloseTest {

    static final class ParkedJob extends BaseJob {}

    @Test
    void closingDoesNotWaitTheGracePeriodForAJobParkedInVirtualTime() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        VirtualTimeAutoConfiguration.class,
                        OrchestratorAutoConfiguration.class,
                        EventRecorderAutoConfiguration.class))
                .withPropertyValues("orchestrator.test.virtual-time=true", "orchestrator.shutdown.grace-period=30s")
                .run(context -> {
                    VirtualTime time = context.getBean(VirtualTime.class);
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    dispatcher.register(ParkedJob.class, new BaseExecutor<ParkedJob>() {
                        @Override
                        protected Object process(ParkedJob job) throws InterruptedException {
                            time.sleep(Duration.ofHours(1));
                            return "never";
                        }
                    });
                    JobHandle<Object> handle = dispatcher.submit(new ParkedJob());
                    time.advance(Duration.ofMinutes(1)); // settles: the job is parked in virtual time

                    long start = System.nanoTime();
                    context.close();

                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                    assertThat(handle.isDone()).isTrue(); // cancelled by the shutdown, with its ending
                });
    }
}
