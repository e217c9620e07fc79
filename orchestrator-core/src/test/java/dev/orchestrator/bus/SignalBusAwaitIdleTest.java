package dev.orchestrator.bus;

import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** awaitIdle: shutdown's way to let subscribers handle what was emitted, before and after a close. */
class SignalBusAwaitIdleTest {

    private final ThreadPoolExecutor delivery = pool("idle-delivery-", 2);
    private final SignalBus bus = SignalBus.builder("test-idle")
            .deliveryExecutor(delivery)
            .logger(new RecordingLogger())
            .build();

    @AfterEach
    void tearDown() throws InterruptedException {
        bus.close();
        delivery.shutdownNow();
        drain(delivery);
    }

    @Test
    void anIdleBusIsIdleAtOnce() throws InterruptedException {
        bus.subscribe(EventRecorder.create());

        assertThat(bus.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitIdleReturnsOnlyOnceEverySubscriberHandledEverything() throws InterruptedException {
        Blocker blocker = new Blocker();
        EventRecorder fast = EventRecorder.create();
        bus.subscribe(blocker);
        bus.subscribe(fast);
        for (int i = 0; i < 100; i++) {
            bus.emit(new Numbered(i));
        }
        blocker.awaitEntered();

        assertThat(bus.awaitIdle(Duration.ofMillis(50)))
                .as("a subscriber is still blocked")
                .isFalse();
        blocker.release.countDown();
        assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(blocker.recorder.events()).hasSize(100);
        assertThat(fast.events()).hasSize(100);
    }

    @Test
    void awaitIdleCoversWhatSubscribersStillDrainAfterClose() throws InterruptedException {
        Blocker blocker = new Blocker();
        bus.subscribe(blocker);
        for (int i = 0; i < 10; i++) {
            bus.emit(new Numbered(i));
        }
        blocker.awaitEntered();
        bus.close();

        assertThat(bus.awaitIdle(Duration.ofMillis(50))).isFalse();
        blocker.release.countDown();
        assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(blocker.recorder.events()).hasSize(10);
    }

    @Test
    void aNegativeTimeoutIsRejectedNamingIt() {
        assertThatThrownBy(() -> bus.awaitIdle(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT-0.001S");
    }
}
