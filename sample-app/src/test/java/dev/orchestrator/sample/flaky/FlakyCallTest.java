package dev.orchestrator.sample.flaky;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.board.JobView;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import dev.orchestrator.test.spring.OrchestratorTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The sample's flaky call as its configuration in application.yml sets it up (retry after 1 s, 2 s,
 * 4 s on a 503, never on a 401, 30 s timeout), tested with the test kit's slice on virtual time: the
 * whole retry schedule and the timeout run in milliseconds.
 */
@OrchestratorTest(virtualTime = true)
class FlakyCallTest {

    @Autowired
    FlakyOrchestrator flaky;

    @Autowired
    VirtualTime time;

    @Autowired
    @Qualifier(Buses.JOBS)
    SignalBus jobsBus;

    @MockitoBean
    FlakyService service;

    EventRecorder events;
    final List<Instant> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordTheJobsBus() {
        events = EventRecorder.on(jobsBus);
    }

    @AfterEach
    void stopRecording() {
        events.close();
    }

    @Test
    void aServiceThatAnswers503ThreeTimesIsCalledAgainAfterOneTwoAndFourSeconds() throws Exception {
        given(service.quote(any(), anyInt(), anyInt(), any())).willAnswer(call -> {
            calls.add(time.now());
            if (calls.size() <= 3) {
                throw new ServiceUnavailableException();
            }
            return "42.00 EUR";
        });

        JobView view = flaky.call(FailureMode.TRANSIENT, 3, Duration.ZERO);
        time.runUntil(() -> flaky.getState()
                .find(view.id())
                .map(j -> j.status().isFinished())
                .orElse(false));

        Instant t0 = calls.get(0);
        assertThat(calls).containsExactly(t0, t0.plusSeconds(1), t0.plusSeconds(3), t0.plusSeconds(7));
        assertThat(events)
                .job(view.id())
                .succeededWith("Quote received: 42.00 EUR")
                .wasRetried(3);
        assertThat(flaky.getState().find(view.id()).orElseThrow().status()).isEqualTo(JobView.Status.SUCCEEDED);
    }

    @Test
    void a401IsNotRetried() throws Exception {
        given(service.quote(any(), anyInt(), anyInt(), any())).willThrow(new RequestRejectedException());

        JobView view = flaky.call(FailureMode.PERMANENT, 0, Duration.ZERO);

        assertThat(events)
                .job(view.id())
                .failedWith(RequestRejectedException.class)
                .wasRetried(0);
        time.runUntil(() -> flaky.getState()
                .find(view.id())
                .map(j -> j.status().isFinished())
                .orElse(false));
        assertThat(flaky.getState().find(view.id()).orElseThrow().status()).isEqualTo(JobView.Status.FAILED);
    }

    @Test
    void aServiceThatHangsTimesOutAtThirtySecondsOfVirtualTime() throws Exception {
        given(service.quote(any(), anyInt(), anyInt(), any())).willAnswer(call -> {
            time.sleep(Duration.ofMinutes(10));
            return "too late";
        });
        long wallStart = System.nanoTime();
        Duration before = time.elapsed(); // the context, and its virtual time, are shared by the tests

        JobView view = flaky.call(FailureMode.TRANSIENT, 0, Duration.ZERO);
        time.runUntil(() -> !events.endings(view.id()).isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(1));
        assertThat(time.elapsed().minus(before)).isEqualTo(Duration.ofSeconds(30));
        assertThat(events).job(view.id()).timedOut().failedWith(TimeoutException.class);
    }
}
