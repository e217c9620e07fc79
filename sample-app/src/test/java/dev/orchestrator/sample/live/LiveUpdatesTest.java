package dev.orchestrator.sample.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Each connection's own buffer and writer, without a server: emitters that stall stand for clients
 * that stop reading. {@code LiveUpdatesStalledClientHttpTest} shows the same over real sockets.
 */
class LiveUpdatesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** The clock that times writes: it only moves when a test moves it. */
    private final AtomicLong now = new AtomicLong();

    private final LiveUpdates live = new LiveUpdates(now::get);
    private final List<FakeEmitter> emitters = new ArrayList<>();

    /**
     * An emitter that records the events its writer sends; one that stalls blocks in every send after
     * the greeting until released, as a write to a client that does not read blocks.
     */
    private static final class FakeEmitter extends SseEmitter {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch completed = new CountDownLatch(1);
        private final boolean stalls;

        FakeEmitter(boolean stalls) {
            this.stalls = stalls;
        }

        @Override
        public void send(SseEventBuilder event) throws IOException {
            String text = event.build().stream()
                    .map(part -> part.getData().toString())
                    .collect(Collectors.joining());
            if (stalls && !text.contains("event:hello")) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ex);
                }
            }
            sent.add(text);
        }

        @Override
        public void complete() {
            completed.countDown();
        }

        /** @return the payloads of the updates named "n", in the order they were sent */
        List<String> updates() {
            return sent.stream()
                    .filter(text -> text.startsWith("event:n\n"))
                    .map(text -> text.substring(text.indexOf("data:") + 5).trim())
                    .toList();
        }
    }

    @BeforeEach
    void start() {
        live.start();
    }

    @AfterEach
    void releaseAndStop() {
        emitters.forEach(emitter -> emitter.release.countDown());
        live.stop();
    }

    private FakeEmitter connect(boolean stalls) {
        FakeEmitter emitter = new FakeEmitter(stalls);
        emitters.add(emitter);
        live.connect(emitter, "client " + emitters.size());
        return emitter;
    }

    @Test
    void aClientWhoseBufferFillsIsDroppedWhileTheOthersGetEveryUpdate() throws Exception {
        FakeEmitter stalled = connect(true);
        FakeEmitter reading = connect(false);
        live.publish("n", 0);
        assertThat(stalled.blocked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        await().atMost(PATIENCE).until(() -> reading.updates().size() == 1);

        // The stalled writer holds update 0; its buffer takes the next BUFFER_CAPACITY ...
        int total = LiveUpdates.BUFFER_CAPACITY + 2;
        for (int n = 1; n < total - 1; n++) {
            live.publish("n", n);
        }
        await().atMost(PATIENCE).until(() -> reading.updates().size() == total - 1);
        assertThat(live.connections()).isEqualTo(2);

        // ... and one more overflows it.
        live.publish("n", total - 1);

        assertThat(live.connections()).isEqualTo(1);
        assertThat(live.drops(LiveUpdates.Drop.FELL_BEHIND)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> reading.updates().size() == total);
        assertThat(reading.updates()).first().isEqualTo("0");
        assertThat(reading.updates()).last().isEqualTo(String.valueOf(total - 1));

        // Its writer is still in the blocked write; when the write returns, it completes and ends.
        assertThat(live.writers()).isEqualTo(2);
        assertThat(stalled.completed.getCount()).isEqualTo(1);
        stalled.release.countDown();
        assertThat(stalled.completed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        await().atMost(PATIENCE).until(() -> live.writers() == 1);
        assertThat(stalled.updates()).containsExactly("0");
    }

    @Test
    void aClientWhoseWriteStaysBlockedPastTheStallLimitIsDropped() throws Exception {
        FakeEmitter stalled = connect(true);
        FakeEmitter reading = connect(false);
        live.publish("n", 0);
        assertThat(stalled.blocked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        await().atMost(PATIENCE).until(() -> reading.updates().size() == 1); // not in a write any more

        // Far fewer updates than the buffer holds: only the time the write has been blocked counts.
        now.addAndGet(LiveUpdates.STALL_LIMIT.toNanos());
        live.publish("n", 1);
        assertThat(live.connections()).isEqualTo(2);

        now.incrementAndGet();
        live.publish("n", 2);
        assertThat(live.connections()).isEqualTo(1);
        assertThat(live.drops(LiveUpdates.Drop.STALLED)).isEqualTo(1);
        assertThat(live.drops(LiveUpdates.Drop.FELL_BEHIND)).isZero();
        await().atMost(PATIENCE).until(() -> reading.updates().size() == 3);
    }

    @Test
    void aClientThatLagsGetsTheNewestStateInsteadOfFallingBehind() throws Exception {
        FakeEmitter stalled = connect(true);
        live.publishLatest("n", "board", 0);
        assertThat(stalled.blocked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        int last = 2 * LiveUpdates.BUFFER_CAPACITY;
        for (int n = 1; n <= last; n++) {
            live.publishLatest("n", "board", n);
        }
        assertThat(live.connections()).isEqualTo(1);
        stalled.release.countDown();

        // Every step until REPLACE_ABOVE + 1 waited; the last place then took each newer state in turn.
        await().atMost(PATIENCE).until(() -> stalled.updates().size() == LiveUpdates.REPLACE_ABOVE + 2);
        assertThat(stalled.updates()).startsWith("0", "1", "2").endsWith(String.valueOf(last));
        assertThat(live.connections()).isEqualTo(1);
    }

    @Test
    void beyondTheConnectionLimitAClientIsAskedToRetryLater() {
        for (int i = 0; i < LiveUpdates.MAX_CONNECTIONS; i++) {
            connect(false);
        }
        FakeEmitter refused = connect(false);

        assertThat(live.connections()).isEqualTo(LiveUpdates.MAX_CONNECTIONS);
        assertThat(refused.completed.getCount()).isZero();
        assertThat(refused.sent).singleElement().asString().contains("retry:" + LiveUpdates.RETRY_WHEN_FULL.toMillis());
    }

    @Test
    void stoppingCompletesEveryConnectionWithoutWaitingForAStalledOne() throws Exception {
        FakeEmitter stalled = connect(true);
        FakeEmitter idle = connect(false);
        live.publish("n", 0);
        assertThat(stalled.blocked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        long start = System.nanoTime();
        live.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LiveUpdates.STOP_WAIT.plusSeconds(2));
        assertThat(live.connections()).isZero();
        assertThat(idle.completed.getCount()).isZero();
        assertThat(stalled.completed.getCount()).isEqualTo(1);
        stalled.release.countDown();
        assertThat(stalled.completed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        await().atMost(PATIENCE).until(() -> live.writers() == 0);
    }
}
