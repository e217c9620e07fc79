package dev.orchestrator.bus;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins {@link Subscription}: unsubscribe stops delivery, discards waiting events, is idempotent. */
class SubscriptionTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ThreadPoolExecutor delivery = pool("subscription-delivery-", 2);
    private final SignalBus bus = SignalBus.builder("test-subscription")
            .deliveryExecutor(delivery)
            .logger(logger)
            .build();

    @AfterEach
    void tearDown() throws InterruptedException {
        bus.close();
        delivery.shutdownNow();
        drain(delivery);
    }

    @Test
    void nothingIsDeliveredAfterUnsubscribeReturnsExceptTheCallInProgress() throws Exception {
        Blocker blocker = new Blocker();
        Subscription subscription = bus.subscribe(blocker);
        EventRecorder other = EventRecorder.create();
        bus.subscribe(other);

        bus.emit(new Numbered(0));
        blocker.awaitEntered();
        bus.emit(new Numbered(1));
        bus.emit(new Numbered(2));
        subscription.unsubscribe();
        bus.emit(new Numbered(3));
        assertThat(blocker.release.getCount())
                .as("call in progress still blocked")
                .isEqualTo(1);
        blocker.release.countDown();

        other.awaitEvents(BaseEvent.class, 4);
        drain(delivery);
        assertThat(seqs(blocker.recorder))
                .as("the call in progress completed; waiting events were discarded")
                .containsExactly(0);
        assertThat(seqs(other)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aHandlerMayUnsubscribeItselfAndGetsNothingMore() throws Exception {
        EventRecorder recorder = EventRecorder.create();
        AtomicReference<Subscription> self = new AtomicReference<>();
        Blocker gate = new Blocker();
        // the gate holds the subscriber's first delivery so that all events are waiting when it unsubscribes
        self.set(bus.subscribe(event -> {
            recorder.accept(event);
            if (((Numbered) event).seq == 0) {
                gate.accept(event);
            }
            if (((Numbered) event).seq == 1) {
                self.get().unsubscribe();
            }
        }));

        for (int i = 0; i < 5; i++) {
            bus.emit(new Numbered(i));
        }
        gate.awaitEntered();
        gate.release.countDown();

        eventually().until(() -> bus.subscriberCount() == 0);
        drain(delivery);
        assertThat(seqs(recorder)).containsExactly(0, 1);
    }

    @Test
    void unsubscribeIsIdempotentAndChangesTheSubscriberCountOnce() throws Exception {
        assertThat(bus.subscriberCount()).isZero();
        EventRecorder kept = EventRecorder.create();
        Subscription first = bus.subscribe(EventRecorder.create());
        bus.subscribe(kept);
        Subscription third = bus.subscribe(Numbered.class, EventRecorder.create());
        assertThat(bus.subscriberCount()).isEqualTo(3);

        first.unsubscribe();
        assertThat(bus.subscriberCount()).isEqualTo(2);
        assertThatCode(first::unsubscribe).doesNotThrowAnyException();
        assertThatCode(first::close).doesNotThrowAnyException();
        assertThat(bus.subscriberCount()).isEqualTo(2);

        try (Subscription closing = third) {
            assertThat(closing).isSameAs(third);
        }
        assertThat(bus.subscriberCount()).isEqualTo(1);

        bus.emit(new Numbered(7));
        kept.awaitEvents(BaseEvent.class, 1);
        assertThat(seqs(kept)).containsExactly(7);
    }

    @Test
    void unsubscribingAfterTheBusClosedIsHarmless() {
        Subscription subscription = bus.subscribe(EventRecorder.create());
        bus.close();

        assertThatCode(subscription::unsubscribe).doesNotThrowAnyException();
        assertThat(bus.subscriberCount()).isZero();
    }
}
