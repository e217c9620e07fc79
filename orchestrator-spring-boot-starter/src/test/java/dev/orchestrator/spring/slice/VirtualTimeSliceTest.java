package dev.orchestrator.spring.slice;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import dev.orchestrator.test.spring.OrchestratorTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The slice on virtual time: the configured backoff and timeout take no wall time. */
@OrchestratorTest(
        virtualTime = true,
        properties = {
            "orchestrator.jobs[dev.orchestrator.spring.slice.ReportJob].timeout=30s",
            "orchestrator.jobs[dev.orchestrator.spring.slice.ReportJob].retry.max-retries=3",
            "orchestrator.jobs[dev.orchestrator.spring.slice.ReportJob].retry.base-delay=1s"
        })
class VirtualTimeSliceTest {

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    EventRecorder events;

    @Autowired
    VirtualTime time;

    @MockitoBean
    ReportClient client;

    @Test
    void aRetriedJobThatTimesOutAtThirtySecondsTakesWellUnderASecond() throws Exception {
        List<Instant> calls = new CopyOnWriteArrayList<>();
        given(client.fetch(anyString())).willAnswer(invocation -> {
            calls.add(time.now());
            if (calls.size() <= 3) {
                throw new IllegalStateException("service unavailable");
            }
            time.sleep(Duration.ofMinutes(5)); // far beyond the timeout
            return "too late";
        });
        long wallStart = System.nanoTime();

        JobHandle<Object> handle = dispatcher.submit(new ReportJob("q4"));
        time.runUntilDone(handle);

        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(1));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(30));
        Instant t0 = calls.get(0);
        assertThat(calls).containsExactly(t0, t0.plusSeconds(1), t0.plusSeconds(3), t0.plusSeconds(7));
        assertThat(events)
                .job(handle)
                .timedOut()
                .failedWith(TimeoutException.class)
                .wasRetried(3);
    }

    @Nested
    class InANestedClass {

        @Autowired
        VirtualTime nestedTime;

        @Test
        void virtualTimeStillApplies() {
            assertThat(nestedTime).isSameAs(time);
            assertThat(dispatcher.config().clock()).isSameAs(time.clock());
        }
    }
}
