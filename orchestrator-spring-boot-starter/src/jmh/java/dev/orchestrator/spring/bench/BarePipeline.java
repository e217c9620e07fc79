package dev.orchestrator.spring.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The baseline: a request/reply pipeline on bare Kafka clients, shaped like the transport's path of
 * a job without anything of the orchestrator's (no JSON, no dispatcher, no events, no bus).
 *
 * <ul>
 *   <li>A requester's producer writes a request (keyed by a new UUID, as a job is keyed by its id)
 *       to the requests topic.
 *   <li>Each of {@code workers} threads owns a {@link KafkaShareConsumer} (explicit acknowledgement,
 *       {@code max.poll.records} 5, {@code record_limit}: the transport's settings) and a producer
 *       of its own. Per poll it writes one reply per request to the requester's partition of the
 *       replies topic, waits until the broker has acknowledged the replies, acknowledges the requests
 *       (ACCEPT) and polls again: the acknowledgements go with that poll. As in the transport, a
 *       request is acknowledged only once its reply is written, and no new request is taken while
 *       one of the last poll is not acknowledged.
 *   <li>The requester's plain consumer (assigned its partition of the replies topic, no group) reads
 *       the replies and completes the request's future.
 * </ul>
 *
 * Same broker, topics of {@link BenchKafka#PARTITIONS} partitions, producer and consumer settings
 * ({@link BenchKafka}) and poll timeout (500 ms) as the transport; requests and replies of the sizes
 * the caller gives (those of the transport's job and ending records).
 */
final class BarePipeline implements AutoCloseable {

    /** The poll timeout of the transport's job pollers and inbox. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private static final int ID_BYTES = 36;

    private final String requests;
    private final String replies;
    private final int replyPartition;
    private final int requestBytes;
    private final int replyBytes;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replyConsumer;
    private final String requesterId;
    private final ConcurrentMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private final Thread replyThread;
    private volatile boolean closed;

    /** When a worker's poll last returned requests ({@link System#nanoTime()}); for {@link ClusterRoundTripBreakdown}. */
    volatile long lastTaken;

    /** When a worker last had its replies acknowledged by the broker. */
    volatile long lastReplied;

    /** When the requester's consumer last read a reply. */
    volatile long lastReceived;

    /**
     * Creates the topics, the share group's settings, the requester and the workers, and starts them.
     *
     * @param servers the broker
     * @param prefix the trial's topic prefix
     * @param workerCount share consumers, each with its own thread and producer
     * @param requestBytes size of a request's value
     * @param replyBytes size of a reply's value
     */
    BarePipeline(String servers, String prefix, int workerCount, int requestBytes, int replyBytes) {
        this.requests = prefix + "requests";
        this.replies = prefix + "replies";
        this.requestBytes = Math.max(ID_BYTES, requestBytes);
        this.replyBytes = Math.max(ID_BYTES, replyBytes);
        this.requesterId = "r-" + UUID.randomUUID();
        this.replyPartition =
                Utils.toPositive(Utils.murmur2(requesterId.getBytes(StandardCharsets.UTF_8))) % BenchKafka.PARTITIONS;
        String group = prefix + "group";
        BenchKafka.createTopics(servers, List.of(requests, replies));
        BenchKafka.earliest(servers, group);
        producer = new KafkaProducer<>(BenchKafka.producer(servers), new StringSerializer(), new ByteArraySerializer());
        replyConsumer = new KafkaConsumer<>(
                BenchKafka.consumer(servers), new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition mine = new TopicPartition(replies, replyPartition);
        replyConsumer.assign(List.of(mine));
        replyConsumer.seekToEnd(List.of(mine));
        replyConsumer.position(mine, Duration.ofSeconds(30));
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker(servers, group, i));
        }
        replyThread = new Thread(this::readReplies, "bare-replies");
        replyThread.setDaemon(true);
        replyThread.start();
        workers.forEach(worker -> worker.thread.start());
    }

    /** {@return a future completed when the reply to a new request arrives} */
    CompletableFuture<Boolean> send() {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        pending.put(id, done);
        byte[] value = new byte[requestBytes];
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(idBytes, 0, value, 0, ID_BYTES);
        Future<RecordMetadata> unused = producer.send(new ProducerRecord<>(requests, id, value), (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /** {@return requests each worker took so far} */
    List<Long> taken() {
        return workers.stream().map(worker -> worker.taken.get()).toList();
    }

    private void readReplies() {
        try {
            while (!closed) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = replyConsumer.poll(POLL_TIMEOUT);
                } catch (WakeupException ex) {
                    continue;
                }
                if (!records.isEmpty()) {
                    lastReceived = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    String id = new String(record.value(), 0, ID_BYTES, StandardCharsets.US_ASCII);
                    CompletableFuture<Boolean> done = pending.remove(id);
                    if (done != null) {
                        done.complete(Boolean.TRUE);
                    }
                }
            }
        } finally {
            replyConsumer.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        replyConsumer.wakeup();
        workers.forEach(worker -> worker.consumer.wakeup());
        try {
            replyThread.join(10_000);
            for (Worker worker : workers) {
                worker.thread.join(10_000);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }

    /** One share consumer, its producer and its thread. */
    private final class Worker implements Runnable {

        final KafkaShareConsumer<String, byte[]> consumer;
        final KafkaProducer<String, byte[]> replyProducer;
        final Thread thread;
        final AtomicLong taken = new AtomicLong();

        Worker(String servers, String group, int index) {
            Map<String, Object> settings = BenchKafka.common(servers);
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "bare-worker-" + index);
            settings.put("share.acknowledgement.mode", "explicit");
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BenchKafka.MAX_POLL_RECORDS);
            settings.put("share.acquire.mode", "record_limit");
            consumer = new KafkaShareConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(requests));
            replyProducer = new KafkaProducer<>(
                    BenchKafka.producer(servers), new StringSerializer(), new ByteArraySerializer());
            thread = new Thread(this, "bare-worker-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try {
                while (!closed) {
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = consumer.poll(POLL_TIMEOUT);
                    } catch (WakeupException ex) {
                        continue;
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    lastTaken = System.nanoTime();
                    sent.clear();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        byte[] value = new byte[replyBytes];
                        System.arraycopy(record.value(), 0, value, 0, ID_BYTES);
                        sent.add(replyProducer.send(new ProducerRecord<>(replies, replyPartition, requesterId, value)));
                    }
                    for (Future<RecordMetadata> reply : sent) {
                        reply.get(30, TimeUnit.SECONDS);
                    }
                    lastReplied = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                    }
                    taken.addAndGet(records.count());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (Exception ex) {
                System.err.println("[bare] worker " + thread.getName() + " stopped: " + ex);
            } finally {
                consumer.close();
                replyProducer.close(Duration.ofSeconds(10));
            }
        }
    }
}
