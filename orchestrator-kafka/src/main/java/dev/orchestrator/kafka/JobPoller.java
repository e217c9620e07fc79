package dev.orchestrator.kafka;

import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * One share consumer and the one thread that owns it: it takes jobs, and it alone acknowledges them
 * (workers only queue their acknowledgements here; a share consumer is not thread-safe). While jobs
 * of its last batch run it polls no new ones; it renews their records every {@code lockRenewal}
 * (renew, commit, poll: a record cannot be renewed twice without a poll between, and the poll hands
 * the renewed records back, which are the same jobs, not new ones).
 */
final class JobPoller implements Runnable {

    /** Where a record is: the key of a job's record while this poller holds it. */
    record Coordinates(String topic, int partition, long offset) {
        static Coordinates of(ConsumerRecord<?, ?> record) {
            return new Coordinates(record.topic(), record.partition(), record.offset());
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private record Ack(Coordinates at, AcknowledgeType type) {}

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final KafkaJobTransport transport;
    private final ShareConsumer<String, byte[]> consumer;
    private final OrchestratorLogger logger;
    private final long renewalNanos;
    private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    /** Records of jobs taken and not acknowledged yet; this poller's thread only. */
    private final Map<Coordinates, ConsumerRecord<String, byte[]>> held = new HashMap<>();

    private final Thread thread;

    JobPoller(
            KafkaJobTransport transport,
            ShareConsumer<String, byte[]> consumer,
            OrchestratorLogger logger,
            Duration lockRenewal,
            String threadName) {
        this.transport = transport;
        this.consumer = consumer;
        this.logger = logger;
        this.renewalNanos = lockRenewal.toNanos();
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits for the thread to end (it ends once stopping with nothing held). */
    boolean join(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Wakes the thread when it waits for acknowledgements (stopping). The consumer itself is not
     * woken: a wake-up would make its next {@code commitSync} throw, in the middle of renewing the
     * records of running jobs; an idle poll ends within its timeout anyway.
     */
    void wakeup() {
        acks.add(new Ack(new Coordinates("", -1, -1), AcknowledgeType.ACCEPT));
    }

    /** Queues an acknowledgement; from any thread. */
    void acknowledge(Coordinates at, AcknowledgeType type) {
        acks.add(new Ack(at, type));
    }

    @Override
    public void run() {
        long renewDue = System.nanoTime() + renewalNanos;
        try {
            while (!transport.isClosed()) {
                boolean acknowledged = drain(null);
                if (transport.isStopping() && held.isEmpty()) {
                    break;
                }
                if (held.isEmpty()) {
                    ConsumerRecords<String, byte[]> records = pollQuietly(POLL_TIMEOUT);
                    renewDue = System.nanoTime() + renewalNanos;
                    for (ConsumerRecord<String, byte[]> record : records) {
                        take(record);
                    }
                    continue;
                }
                if (acknowledged) {
                    consumer.commitAsync(); // sends the acknowledgements now, not at the next renewal
                }
                long wait = renewDue - System.nanoTime();
                if (wait > 0) {
                    Ack next = acks.poll(wait, TimeUnit.NANOSECONDS);
                    if (next != null && drain(next)) {
                        consumer.commitAsync();
                    }
                    continue;
                }
                renew();
                renewDue = System.nanoTime() + renewalNanos;
            }
        } catch (InterruptedException | InterruptException ex) {
            Thread.currentThread().interrupt();
        } catch (Throwable ex) { // an Error too: the consumer must be closed, which releases its jobs
            log(
                    LogLevel.ERROR,
                    "Cluster job consumer " + thread.getName() + " stopped; its jobs go back to the share group",
                    ex);
            transport.consumerStopped();
        } finally {
            try {
                drain(null);
                consumer.close(); // releases whatever is still held: another instance takes it at once
            } catch (RuntimeException ex) {
                log(LogLevel.WARNING, "Closing cluster job consumer " + thread.getName() + " failed", ex);
            }
        }
    }

    private ConsumerRecords<String, byte[]> pollQuietly(Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (WakeupException ex) {
            return ConsumerRecords.empty();
        }
    }

    /** Applies queued acknowledgements (and {@code first}); {@code true} when any reached the consumer. */
    private boolean drain(@Nullable Ack first) {
        boolean any = first != null && apply(first);
        Ack ack;
        while ((ack = acks.poll()) != null) {
            any |= apply(ack);
        }
        return any;
    }

    private boolean apply(Ack ack) {
        ConsumerRecord<String, byte[]> record = held.remove(ack.at());
        if (record == null) {
            return false; // the wake-up marker, or a second acknowledgement of the same job
        }
        consumer.acknowledge(record, ack.type());
        return true;
    }

    private void renew() {
        for (ConsumerRecord<String, byte[]> record : held.values()) {
            consumer.acknowledge(record, AcknowledgeType.RENEW);
        }
        try {
            consumer.commitSync(Duration.ofSeconds(10));
        } catch (WakeupException | org.apache.kafka.common.errors.TimeoutException ex) {
            // a broker slow to answer: the renewals go with the poll below
            log(LogLevel.WARNING, "Renewing the records of running jobs took longer than 10 s", ex);
        }
        // hands the renewed records back (never new ones while any is renewed): the same jobs
        for (ConsumerRecord<String, byte[]> record : pollQuietly(Duration.ofMillis(100))) {
            Coordinates at = Coordinates.of(record);
            if (held.containsKey(at)) {
                held.put(at, record); // acknowledge through the newest instance
            } else {
                take(record);
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        Coordinates at = Coordinates.of(record);
        int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
        KafkaJobTransport.Take outcome;
        try {
            outcome = transport.take(this, at, record.value(), deliveries);
        } catch (RuntimeException | LinkageError ex) { // a job class whose creator throws, say: never kills the loop
            log(LogLevel.ERROR, "Rejected record " + at + ": taking it failed", ex);
            outcome = KafkaJobTransport.Take.REJECTED;
        }
        switch (outcome) {
            case HELD -> held.put(at, record);
            case REJECTED -> consumer.acknowledge(record, AcknowledgeType.REJECT);
            case RELEASED -> consumer.acknowledge(record, AcknowledgeType.RELEASE);
        }
    }

    private void log(LogLevel level, String message, Throwable error) {
        try {
            logger.log(level, message, error);
        } catch (RuntimeException ignored) {
            // a failing logger is ignored
        }
    }
}
