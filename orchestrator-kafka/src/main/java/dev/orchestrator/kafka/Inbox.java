package dev.orchestrator.kafka;

import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one consumer (and thread) that reads what comes to this instance: the events of jobs it
 * dispatched (its own partition of the events topic), shared application events (every partition),
 * and cancels (every partition of the compacted control topic, from the beginning, so that a cancel
 * asked for before this instance started still holds). No consumer group: partitions are assigned,
 * and positions are taken when the inbox is created, before the first dispatch, so no event of a
 * job dispatched from here is missed.
 */
final class Inbox implements Runnable {

    private final KafkaJobTransport transport;
    private final Consumer<String, byte[]> consumer;
    private final OrchestratorLogger logger;
    private final Map<TopicPartition, Long> controlEnd;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    Inbox(
            KafkaJobTransport transport,
            Consumer<String, byte[]> consumer,
            OrchestratorLogger logger,
            TopicPartition events,
            List<TopicPartition> shared,
            List<TopicPartition> control,
            String threadName) {
        this.transport = transport;
        this.consumer = consumer;
        this.logger = logger;
        List<TopicPartition> all = new ArrayList<>();
        all.add(events);
        all.addAll(shared);
        all.addAll(control);
        consumer.assign(all);
        List<TopicPartition> fromNow = new ArrayList<>(shared);
        fromNow.add(events);
        consumer.seekToEnd(fromNow);
        consumer.seekToBeginning(control);
        for (TopicPartition partition : all) {
            consumer.position(partition, Duration.ofSeconds(30)); // fixes the position now, not at the first poll
        }
        this.controlEnd = consumer.endOffsets(control, Duration.ofSeconds(30));
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the cancels asked for before this instance started are read; {@code false} at the timeout. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void close(Duration timeout) throws InterruptedException {
        closed = true;
        consumer.wakeup();
        if (thread.isAlive()) {
            thread.join(Math.max(1, timeout.toMillis()));
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close();
        }
    }

    @Override
    public void run() {
        try {
            checkCaughtUp();
            while (!closed) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        try {
                            transport.receive(record);
                        } catch (RuntimeException | LinkageError ex) { // one record never stops the inbox
                            log(
                                    "Rejected record " + record.topic() + "-" + record.partition() + "@"
                                            + record.offset() + ": reading it failed",
                                    ex);
                        }
                    }
                } catch (WakeupException ex) {
                    continue;
                } catch (org.apache.kafka.common.KafkaException ex) {
                    if (closed) {
                        break;
                    }
                    // a broker that went away, say: log once per failure, back off, and read on
                    log("Cluster inbox could not read; trying again in 1 s", ex);
                    TimeUnit.SECONDS.sleep(1);
                }
                checkCaughtUp();
                transport.forgetExpiredCancels();
            }
        } catch (InterruptException | InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            log(
                    "Cluster inbox stopped: events of jobs dispatched here, shared events and cancels no longer arrive",
                    ex);
        } finally {
            caughtUp.countDown();
            try {
                consumer.close();
            } catch (RuntimeException ex) {
                log("Closing the cluster inbox failed", ex);
            }
        }
    }

    private void checkCaughtUp() {
        if (caughtUp.getCount() == 0) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> end : controlEnd.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return;
            }
        }
        caughtUp.countDown();
    }

    private void log(String message, Throwable error) {
        try {
            logger.log(LogLevel.ERROR, message, error);
        } catch (RuntimeException ignored) {
            // a failing logger is ignored
        }
    }
}
