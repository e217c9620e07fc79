package dev.orchestrator.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the per-subscriber queue of {@link SignalBus}: order, no loss, no duplicate, exact bound. */
class SubscriberQueueTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(5);

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** An element: which producer offered it, and its number among that producer's. */
    private record Item(int producer, int seq) {}

    /** Starts {@code producers} threads that each hand {@code perProducer} numbered items to {@code offer}, once {@code start} trips. */
    private List<Future<?>> produce(int producers, int perProducer, CyclicBarrier start, Consumer<Item> offer) {
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < perProducer; i++) {
                    offer.accept(new Item(producer, i));
                }
                return null;
            }));
        }
        return done;
    }

    @Test
    void pollsInOfferOrderAcrossManyChunks() {
        SubscriberQueue<Integer> queue = new SubscriberQueue<>();
        int count = SubscriberQueue.CHUNK * 5 + 7;
        for (int i = 0; i < count; i++) {
            queue.offer(i);
        }

        assertThat(queue.size()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void boundedOffersStopAtTheCapacityUnboundedOnesDoNot() {
        SubscriberQueue<Integer> queue = new SubscriberQueue<>();

        for (int i = 0; i < 300; i++) {
            queue.offerBounded(i, 300);
        }
        assertThat(queue.offerBounded(300, 300)).as("full").isFalse();
        queue.offer(301);
        assertThat(queue.size()).isEqualTo(301);
        assertThat(queue.poll()).isZero();
        assertThat(queue.offerBounded(302, 300))
                .as("full: 301 wait, one of them unbounded")
                .isFalse();
        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.offerBounded(303, 300)).as("299 wait").isTrue();
    }

    @Test
    void clearDropsEverythingAndTheQueueStaysUsable() {
        SubscriberQueue<Integer> queue = new SubscriberQueue<>();
        for (int i = 0; i < 1_000; i++) {
            queue.offer(i);
        }

        queue.clear();
        queue.offer(42);

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.poll()).isEqualTo(42);
    }

    @Test
    void concurrentProducersNeverPushItPastItsCapacity() throws Exception {
        SubscriberQueue<Item> queue = new SubscriberQueue<>();
        int producers = 4;
        int perProducer = 100_000;
        int capacity = 1_000;
        AtomicInteger accepted = new AtomicInteger();
        List<Future<?>> done = produce(producers, perProducer, new CyclicBarrier(producers), item -> {
            if (queue.offerBounded(item, capacity)) {
                accepted.incrementAndGet();
            }
        });
        for (Future<?> future : done) {
            future.get(30, TimeUnit.SECONDS);
        }

        assertThat(accepted.get()).isEqualTo(capacity);
        assertThat(queue.size()).isEqualTo(capacity);
    }

    /**
     * Four producers race one consumer through hundreds of chunks, with bounded and unbounded
     * offers mixed: every accepted element is polled exactly once and each producer's elements come
     * in the order it offered them.
     */
    @Test
    void concurrentProducersAndOneConsumerLoseNothingAndKeepEachProducersOrder() throws Exception {
        SubscriberQueue<Item> queue = new SubscriberQueue<>();
        int producers = 4;
        int perProducer = 200_000;
        int capacity = 500;
        AtomicInteger accepted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(producers + 1);
        List<Future<?>> done = produce(producers, perProducer, start, item -> {
            if (item.seq() % 10 == 0) {
                queue.offer(item); // as a terminal event: never refused
                accepted.incrementAndGet();
            } else if (queue.offerBounded(item, capacity)) {
                accepted.incrementAndGet();
            }
        });
        Future<int[]> consumer = threads.submit(() -> {
            start.await();
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            int polled = 0;
            boolean producing = true;
            while (producing || !queue.isEmpty()) {
                Item item = queue.poll();
                if (item == null) {
                    producing = done.stream().anyMatch(f -> !f.isDone());
                    continue;
                }
                assertThat(item.seq())
                        .as("producer %d in order", item.producer())
                        .isGreaterThan(last[item.producer()]);
                last[item.producer()] = item.seq();
                polled++;
            }
            return new int[] {polled};
        });

        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        int polled = consumer.get(60, TimeUnit.SECONDS)[0];

        assertThat(polled).as("every accepted element polled once").isEqualTo(accepted.get());
        assertThat(accepted.get())
                .as("every unbounded offer accepted")
                .isGreaterThanOrEqualTo(producers * perProducer / 10);
        assertThat(queue.isEmpty()).isTrue();
    }
}
