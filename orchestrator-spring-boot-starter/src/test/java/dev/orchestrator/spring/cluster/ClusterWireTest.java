package dev.orchestrator.spring.cluster;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.EventChain;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.fixtures.BlockingExecutor;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.test.EventRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What travels on the wire in cluster mode, through the real path on the embedded broker: shared
 * application events between the global buses of instances, scoped bus routing of a job's events,
 * exactly one ending per job when an ending arrives twice, unreadable records on every topic
 * (rejected with their coordinates, consumption goes on), and jobs that cannot be written at all.
 * Records that the transport would never write are written here with a plain {@link KafkaProducer},
 * in the JSON {@code WireFormat} writes. Each test has topics and a share group of its own.
 */
class ClusterWireTest {

    /** The max-record-size of the tests about record sizes: small, so that "too large" fits the broker. */
    private static final int SMALL = 8_192;

    private static final int DEFAULT_MAX = 1_048_576;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String prefix = "w" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<SignalBus> buses = new ArrayList<>();
    private @Nullable KafkaProducer<String, byte[]> raw;

    @AfterEach
    void closeEverything() {
        nodes.forEach(TestNode::close);
        buses.forEach(SignalBus::close);
        if (raw != null) {
            raw.close(Duration.ofSeconds(10));
        }
    }

    // ---- shared application events

    @Test
    void aSharedEventReachesEveryOtherInstanceIntactExactlyOnceOnItsPublisherAndIsNeverWrittenBack() throws Exception {
        Set<Class<? extends BaseEvent>> shared = Set.of(PriceChanged.class);
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, shared));
        String sharedTopic = a.transport.settings().sharedTopic();
        int partitions = partitions(sharedTopic);
        TestNode b = node("b", settings(id("b"), 0, DEFAULT_MAX, shared));
        // C publishes into A's partition of the shared topic: once A reads C's fence, it has read past its own event
        TestNode c = node(
                "c",
                settings(
                        idOnPartition("c", partitionFor(instance(a), partitions), partitions), 0, DEFAULT_MAX, shared));
        EventRecorder onA = record(a.global);
        EventRecorder onB = record(b.global);
        EventRecorder onC = record(c.global);
        a.start();
        b.start();
        c.start();

        PriceChanged sent;
        int previous = EventChain.enter(2); // as if an orchestrator's handler of a depth-1 event emitted it
        try {
            sent = new PriceChanged("order-42", "sku-7", 1_999, 1);
        } finally {
            EventChain.restore(previous);
        }
        assertThat(sent.chainDepth()).isEqualTo(2);
        a.global.emit(sent);

        for (PriceChanged received : List.of(
                onB.awaitEvent("order-42", PriceChanged.class), onC.awaitEvent("order-42", PriceChanged.class))) {
            assertThat(received).isNotSameAs(sent).isInstanceOf(PriceChanged.class);
            assertThat(received.correlationId()).isEqualTo("order-42");
            assertThat(received.sku()).isEqualTo("sku-7");
            assertThat(received.cents()).isEqualTo(1_999);
            assertThat(received.seq()).isEqualTo(1);
            assertThat(received.chainDepth()).isEqualTo(2);
            assertThat(received.timestamp()).isEqualTo(sent.timestamp());
        }

        // C's fence lands after A's own record in the same partition (and after anything C wrote back)
        c.global.emit(new PriceChanged("fence-c", "-", 0, 0));
        onA.awaitEvent("fence-c", PriceChanged.class);
        onB.awaitEvent("fence-c", PriceChanged.class);
        assertThat(a.global.awaitIdle(WAIT)).isTrue();
        assertThat(onA.eventsOf("order-42", PriceChanged.class)).containsExactly(sent); // its own, once, not a copy
        // B's fence lands after anything B wrote back of what it received
        b.global.emit(new PriceChanged("fence-b", "-", 0, 0));
        onA.awaitEvent("fence-b", PriceChanged.class);
        onC.awaitEvent("fence-b", PriceChanged.class);
        assertThat(b.global.awaitIdle(WAIT)).isTrue();
        assertThat(c.global.awaitIdle(WAIT)).isTrue();
        assertThat(onB.eventsOf("order-42", PriceChanged.class)).hasSize(1);
        assertThat(onC.eventsOf("order-42", PriceChanged.class)).hasSize(1);

        Map<String, List<String>> written = readAll(sharedTopic).stream()
                .map(record -> TestNode.MAPPER.readTree(record.value()))
                .collect(Collectors.groupingBy(
                        root -> root.path("origin").asString(),
                        Collectors.mapping(
                                root -> root.path("event").path("correlationId").asString(), Collectors.toList())));
        assertThat(written)
                .containsOnly(
                        entry(instance(a), List.of("order-42")),
                        entry(instance(b), List.of("fence-b")),
                        entry(instance(c), List.of("fence-c")));
        assertThat(List.of(a, b, c))
                .allSatisfy(
                        node -> assertThat(node.transport.stats().rejected()).isZero());
    }

    @Test
    void sharedEventsFromOnePublisherArriveAtEveryOtherInstanceInTheOrderTheyWereEmitted() {
        Set<Class<? extends BaseEvent>> shared = Set.of(PriceChanged.class);
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, shared));
        TestNode b = node("b", settings(id("b"), 0, DEFAULT_MAX, shared));
        TestNode c = node("c", settings(id("c"), 0, DEFAULT_MAX, shared));
        EventRecorder onB = record(b.global);
        EventRecorder onC = record(c.global);
        a.start();
        b.start();
        c.start();

        for (int i = 0; i < 200; i++) {
            a.global.emit(new PriceChanged("burst", "sku-" + i, i, i));
        }

        List<Integer> expected = IntStream.range(0, 200).boxed().toList();
        onB.awaitEvents(PriceChanged.class, 200);
        onC.awaitEvents(PriceChanged.class, 200);
        assertThat(onB.events(PriceChanged.class)).extracting(PriceChanged::seq).containsExactlyElementsOf(expected);
        assertThat(onC.events(PriceChanged.class)).extracting(PriceChanged::seq).containsExactlyElementsOf(expected);
        assertThat(onB.events(PriceChanged.class).get(137).sku()).isEqualTo("sku-137");
        assertThat(onB.events(PriceChanged.class).get(137).cents()).isEqualTo(137);
    }

    @Test
    void anUnmarkedEventAndAMarkedOneOnAScopedBusStayOnTheirInstance() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, Set.of(PriceChanged.class)));
        // B would read a LocalNote: had A written one, B would emit it
        TestNode b = node("b", settings(id("b"), 0, DEFAULT_MAX, Set.of(PriceChanged.class, LocalNote.class)));
        SignalBus catalog = bus("catalog");
        EventRecorder onA = record(a.global);
        EventRecorder onCatalog = record(catalog);
        EventRecorder onB = record(b.global);
        a.start();
        b.start();

        catalog.emit(new PriceChanged("scoped-1", "sku-1", 1, 1));
        a.global.emit(new LocalNote("note-1", "only here"));
        a.global.emit(new PriceChanged("fence-a", "-", 0, 0)); // after the others, in A's partition

        onB.awaitEvent("fence-a", PriceChanged.class);
        assertThat(b.global.awaitIdle(WAIT)).isTrue();
        assertThat(onB.events()).extracting(BaseEvent::correlationId).containsExactly("fence-a");
        assertThat(onA.flush().events()).extracting(BaseEvent::correlationId).containsExactly("note-1", "fence-a");
        assertThat(onCatalog.flush().events())
                .extracting(BaseEvent::correlationId)
                .containsExactly("scoped-1");
        assertThat(readAll(a.transport.settings().sharedTopic()))
                .singleElement()
                .satisfies(record -> assertThat(TestNode.MAPPER
                                .readTree(record.value())
                                .path("event")
                                .path("correlationId")
                                .asString())
                        .isEqualTo("fence-a"));
    }

    // ---- scoped bus routing

    @Test
    void aJobsEventsComeHomeOnlyToTheScopedBusObjectItWasDispatchedOnWhileItRunsElsewhere() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, Set.of()));
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", settings(id("b"), 1, DEFAULT_MAX, Set.of()));
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        SignalBus orders = bus("orders");
        SignalBus billing = bus("billing");
        SignalBus ordersTwin = bus("orders"); // same name, another bus object
        EventRecorder onOrders = record(orders);
        EventRecorder onBilling = record(billing);
        EventRecorder onTwin = record(ordersTwin);
        EventRecorder onGlobalA = record(a.global);
        EventRecorder onGlobalB = record(b.global);
        WorkJob order = new WorkJob("progress", 0);
        WorkJob invoice = new WorkJob("echo", 0);

        JobHandle<String> orderHandle = a.dispatcher.submit(order, orders, String.class);
        JobHandle<String> invoiceHandle = a.dispatcher.submit(invoice, billing, String.class);

        assertThat(orderHandle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(invoiceHandle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(onOrders)
                .job(order.id())
                .succeeded()
                .hasEventTypes(
                        JobStartedEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobSuccessEvent.class);
        assertThat(onBilling).job(invoice.id()).succeeded().hasEventTypes(JobStartedEvent.class, JobSuccessEvent.class);
        for (SignalBus bus : List.of(a.global, b.global, ordersTwin)) {
            assertThat(bus.awaitIdle(WAIT)).isTrue();
        }
        assertThat(onOrders.events(JobEvent.class))
                .extracting(BaseEvent::correlationId)
                .containsOnly(order.id());
        assertThat(onBilling.events(JobEvent.class))
                .extracting(BaseEvent::correlationId)
                .containsOnly(invoice.id());
        assertThat(onTwin.events(JobEvent.class)).isEmpty();
        assertThat(onGlobalA.events(JobEvent.class)).isEmpty();
        // where it ran, its events stay off the application's buses
        assertThat(onGlobalB.events(JobEvent.class)).isEmpty();
        assertThat(onB.started).containsExactlyInAnyOrder(order.id(), invoice.id());
    }

    // ---- exactly one ending

    @Test
    void aSecondEndingOfAJobIsDroppedAndAnEndingOfAJobNeverDispatchedHereIsAnOrphan() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, Set.of()));
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", settings(id("b"), 1, DEFAULT_MAX, Set.of()));
        b.register(new WorkExecutor("b")).start();
        WorkJob job = new WorkJob("echo", 0);
        EventRecorder events = record(a.global);
        assertThat(a.dispatcher.submit(job, String.class).result().get(30, TimeUnit.SECONDS))
                .isEqualTo("b:1");
        events.awaitEnding(job.id());
        String eventsTopic = a.transport.settings().eventsTopic();
        int home = partitionFor(
                instance(a), partitions(eventsTopic)); // the partition A reads: as the transport computes it

        // the job ran twice (its first instance died after writing its ending, before acknowledging)
        send(eventsTopic, home, instance(a), ending(job.id(), instance(a), instance(b), "success"));
        send(eventsTopic, home, instance(a), ending(job.id(), instance(a), instance(b), "failure"));

        await().atMost(WAIT).until(() -> a.transport.stats().duplicateEndings() == 2);
        assertThat(a.global.awaitIdle(WAIT)).isTrue();
        assertThat(events).job(job.id()).succeededWith("b:1");
        assertThat(a.dispatcher.registry().finished(job.id()).orElseThrow().outcome())
                .isEqualTo(JobOutcome.SUCCESS);
        assertThat(a.transport.stats().orphanEvents()).isZero();

        // an ending for a job A never dispatched (dispatched by an earlier run of A, say)
        String stranger = "never-dispatched-" + UUID.randomUUID();
        send(eventsTopic, home, instance(a), ending(stranger, instance(a), instance(b), "success"));

        await().atMost(WAIT).until(() -> a.transport.stats().orphanEvents() == 1);
        assertThat(a.global.awaitIdle(WAIT)).isTrue();
        assertThat(events.eventsOf(stranger)).isEmpty();
        assertThat(a.dispatcher.registry().finished(stranger)).isEmpty();
        assertThat(a.dispatcher.registry().running(stranger)).isEmpty();
        assertThat(a.transport.stats().duplicateEndings()).isEqualTo(2);
        assertThat(a.transport.stats().rejected()).isZero(); // the records written here were readable
    }

    // ---- unreadable records

    @Test
    void eachKindOfUnreadableJobRecordIsRejectedWithItsCoordinatesAndJobsStillRun() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, SMALL, Set.of()));
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", settings(id("b"), 1, SMALL, Set.of()));
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        String jobs = a.transport.settings().jobsTopic();
        WorkJob valid = new WorkJob("echo", 0);
        int p = partitionFor(valid.id(), partitions(jobs)); // where the valid job will go: after the bad ones
        String work = WorkJob.class.getName();

        List<Rejected> bad = new ArrayList<>();
        bad.add(Rejected.of("not JSON", send(jobs, p, "garbage", garbage(64))));
        bad.add(Rejected.of("not a JSON object", send(jobs, p, "array", "[1,2,3]".getBytes(StandardCharsets.UTF_8))));
        bad.add(Rejected.of(
                "unknown format version 99", send(jobs, p, "v99", jobRecord(99, work, "v99", workJob("v99", "echo")))));
        bad.add(Rejected.of(
                "job type 'java.lang.Runtime' is not on the allow-list",
                send(jobs, p, "runtime", jobRecord(1, "java.lang.Runtime", "runtime", workJob("runtime", "echo")))));
        ObjectNode blocking = TestNode.MAPPER.createObjectNode();
        blocking.put("id", "blocking");
        bad.add(Rejected.of(
                "job type '" + BlockingJob.class.getName() + "' is not on the allow-list",
                send(jobs, p, "blocking", jobRecord(1, BlockingJob.class.getName(), "blocking", blocking))));
        ObjectNode badId = workJob("bad-id", "echo");
        badId.put("id", "no spaces allowed!");
        bad.add(Rejected.of(
                "job of type " + work + " cannot be read",
                send(jobs, p, "bad-id", jobRecord(1, work, "no spaces allowed!", badId))));
        ObjectNode badField = workJob("bad-field", "echo");
        badField.put("millis", "soon");
        bad.add(Rejected.of("cannot be read", send(jobs, p, "bad-field", jobRecord(1, work, "bad-field", badField))));
        bad.add(Rejected.of(
                "the job's id does not match the record's",
                send(jobs, p, "mismatch", jobRecord(1, work, "mismatch", workJob("something-else", "echo")))));
        byte[] runtimeRetry =
                retryOn(jobRecord(1, work, "retry-runtime", workJob("retry-runtime", "echo")), "java.lang.Runtime");
        bad.add(Rejected.of("which is no exception class", send(jobs, p, "retry-runtime", runtimeRetry)));
        byte[] unknownRetry = retryOn(
                jobRecord(1, work, "retry-unknown", workJob("retry-unknown", "echo")), "com.example.NoSuchError");
        bad.add(Rejected.of("retry policy names an unknown class", send(jobs, p, "retry-unknown", unknownRetry)));
        bad.add(Rejected.of("no value", send(jobs, p, "tombstone", null)));
        byte[] large = jobRecord(1, work, "too-large", workJob("too-large", "x".repeat(SMALL)));
        assertThat(large.length).isGreaterThan(SMALL);
        bad.add(Rejected.of("bytes, more than max-record-size " + SMALL, send(jobs, p, "too-large", large)));
        // the control: the same JSON, well formed, is read and run
        String rawOk = "raw-ok-" + UUID.randomUUID();
        send(jobs, p, rawOk, jobRecord(1, work, rawOk, workJob(rawOk, "echo")));

        assertRejected(b, bad);
        await().atMost(WAIT).until(() -> onB.started.contains(rawOk));
        assertThat(a.transport.stats().taken()).isZero(); // A takes no jobs
        // B tells the dispatcher named in each readable envelope that it rejected the job (so that no
        // dispatcher waits for ever); A, named as the origin of these raw records, cannot read the two
        // endings whose job type it does not know either (java.lang.Runtime, BlockingJob) and rejects
        // them in turn; the others are orphans, since A never dispatched them
        await().atMost(WAIT).until(() -> a.transport.stats().rejected() == 2);

        JobHandle<String> handle = a.dispatcher.submit(valid, String.class);

        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(onB.started).containsExactlyInAnyOrder(rawOk, valid.id());
        assertThat(b.transport.stats().rejected()).isEqualTo(bad.size());
    }

    @Test
    void unreadableRecordsOnTheEventsSharedAndControlTopicsAreRejectedWithTheirCoordinatesAndReadingGoesOn()
            throws Exception {
        Set<Class<? extends BaseEvent>> shared = Set.of(PriceChanged.class);
        TestNode a = node("a", settings(id("a"), 0, SMALL, shared));
        a.register(new WorkExecutor("a")).start();
        String eventsTopic = a.transport.settings().eventsTopic();
        String sharedTopic = a.transport.settings().sharedTopic();
        String controlTopic = a.transport.settings().controlTopic();
        int eventPartitions = partitions(eventsTopic);
        int home = partitionFor(instance(a), eventPartitions);
        // B reads another partition of the events topic: only A sees what is written to A's
        String bId = id("b");
        while (partitionFor(bId, eventPartitions) == home) {
            bId = id("b");
        }
        TestNode b = node("b", settings(bId, 1, SMALL, shared));
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        EventRecorder onA = record(a.global);
        String work = WorkJob.class.getName();

        List<Rejected> events = new ArrayList<>();
        events.add(Rejected.of("not JSON", send(eventsTopic, home, instance(a), garbage(32))));
        events.add(Rejected.of(
                "not a JSON object",
                send(eventsTopic, home, instance(a), "\"a string\"".getBytes(StandardCharsets.UTF_8))));
        ObjectNode runtime = endingNode("some-job", instance(a), instance(b), "success");
        runtime.put("type", "java.lang.Runtime");
        events.add(Rejected.of(
                "job type 'java.lang.Runtime' is not on the allow-list",
                send(eventsTopic, home, instance(a), TestNode.MAPPER.writeValueAsBytes(runtime))));
        events.add(Rejected.of(
                "unknown event kind",
                send(eventsTopic, home, instance(a), ending("some-job", instance(a), instance(b), "exploded"))));
        events.add(Rejected.of(
                "bytes, more than max-record-size " + SMALL,
                send(eventsTopic, home, instance(a), garbage(SMALL + 100))));
        List<Rejected> onBoth = new ArrayList<>(); // read by every instance
        onBoth.add(Rejected.of("not JSON", send(sharedTopic, 0, "x", garbage(48))));
        ObjectNode note = TestNode.MAPPER.createObjectNode();
        note.put("v", 1);
        note.put("type", LocalNote.class.getName());
        note.put("origin", "elsewhere");
        note.put("depth", 0);
        note.set("event", TestNode.MAPPER.valueToTree(new LocalNote("n-1", "not shared")));
        onBoth.add(Rejected.of(
                "event type '" + LocalNote.class.getName() + "' is not on the allow-list",
                send(sharedTopic, 1 % partitions(sharedTopic), "x", TestNode.MAPPER.writeValueAsBytes(note))));
        onBoth.add(Rejected.of(
                "unknown format version 2",
                send(
                        sharedTopic,
                        0,
                        "x",
                        "{\"v\":2,\"type\":\"x\",\"origin\":\"o\",\"event\":{}}".getBytes(StandardCharsets.UTF_8))));
        onBoth.add(Rejected.of("not JSON", send(controlTopic, 0, "job-x", garbage(16))));
        onBoth.add(Rejected.of(
                "bad cancel",
                send(
                        controlTopic,
                        0,
                        "job-y",
                        "{\"v\":1,\"job\":\"job-y\",\"by\":\"o\",\"at\":\"yesterday\"}"
                                .getBytes(StandardCharsets.UTF_8))));
        List<Rejected> all = new ArrayList<>(events);
        all.addAll(onBoth);
        assertRejected(a, all);
        assertRejected(b, onBoth);
        assertThat(a.transport.stats().rejected()).isEqualTo(all.size());
        assertThat(b.transport.stats().rejected()).isEqualTo(onBoth.size());

        // events of A's jobs still come home
        assertThat(a.dispatcher
                        .submit(new WorkJob("echo", 0), String.class)
                        .result()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo("b:1");
        // shared events still arrive
        b.global.emit(new PriceChanged("after-garbage", "sku", 5, 5));
        onA.awaitEvent("after-garbage", PriceChanged.class);
        // cancels still arrive where the job runs
        WorkJob sleeper = new WorkJob("sleep", 60_000);
        JobHandle<String> sleeping = a.dispatcher.submit(sleeper, String.class);
        await().atMost(WAIT).until(() -> onB.started.contains(sleeper.id()));
        assertThat(a.dispatcher.cancel(sleeper.id())).isTrue();
        assertThatThrownBy(() -> sleeping.result().get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        onA.awaitEvent(sleeper.id(), JobCancelledEvent.class);
        assertThat(a.transport.stats().rejected()).isEqualTo(all.size());
        assertThat(b.transport.stats().rejected()).isEqualTo(onBoth.size());
    }

    // ---- jobs that cannot be written

    @Test
    void aJobTooLargeToWriteFailsAtDispatchAndNothingIsRegistered() throws Exception {
        TestNode a = node("a", settings(id("a"), 1, SMALL, Set.of()));
        WorkExecutor onA = new WorkExecutor("a");
        a.register(onA).start();
        String id = "too-large-" + UUID.randomUUID();
        EventRecorder events = record(a.global);
        WorkJob large =
                new WorkJob("x".repeat(SMALL), 0, JobOptions.builder().id(id).build());

        assertThatThrownBy(() -> a.dispatcher.dispatch(large))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("orchestrator.cluster.max-record-size (" + SMALL + ")");

        assertThat(a.dispatcher.registry().running(id)).isEmpty();
        assertThat(a.dispatcher.registry().finished(id)).isEmpty();
        assertThat(a.dispatcher.job(id)).isEmpty();
        assertThat(a.transport.stats().published()).isZero();
        // the id is free: a job of the same id that fits is dispatched, runs once, and is the only one that ran
        WorkJob small = new WorkJob("echo", 0, JobOptions.builder().id(id).build());
        assertThat(a.dispatcher.submit(small, String.class).result().get(30, TimeUnit.SECONDS))
                .isEqualTo("a:1");
        assertThat(events).job(id).succeeded().hasEventTypes(JobStartedEvent.class, JobSuccessEvent.class);
        assertThat(onA.started).containsExactly(id);
        assertThat(a.transport.stats().published()).isEqualTo(1);
    }

    @Test
    void aRetryPolicyWithAShouldRetryPredicateCannotTravelAndTheDispatchFailsSayingWhatToUse() throws Exception {
        TestNode a = node("a", settings(id("a"), 1, DEFAULT_MAX, Set.of()));
        WorkExecutor onA = new WorkExecutor("a");
        a.register(onA).start();
        String id = "predicate-" + UUID.randomUUID();
        RetryPolicy predicate = RetryPolicy.custom()
                .maxRetries(2)
                .shouldRetry(error -> !(error instanceof SecurityException))
                .build();
        WorkJob job = new WorkJob(
                "echo", 0, JobOptions.builder().id(id).retryPolicy(predicate).build());

        assertThatThrownBy(() -> a.dispatcher.submit(job, String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("shouldRetry")
                .hasMessageContaining("use retryOn and ignore");

        assertThat(a.dispatcher.registry().running(id)).isEmpty();
        assertThat(a.dispatcher.registry().finished(id)).isEmpty();
        assertThat(a.transport.stats().published()).isZero();
        // the same policy as data travels
        RetryPolicy data = RetryPolicy.custom()
                .maxRetries(2)
                .ignore(SecurityException.class)
                .build();
        WorkJob same = new WorkJob(
                "echo", 0, JobOptions.builder().id(id).retryPolicy(data).build());
        assertThat(a.dispatcher.submit(same, String.class).result().get(30, TimeUnit.SECONDS))
                .isEqualTo("a:1");
        assertThat(onA.started).containsExactly(id);
    }

    @Test
    void aJobWithinMaxRecordSizeIsWrittenAndRunsAlsoAboveKafkasDefaultRequestSize() throws Exception {
        int max = 2 * DEFAULT_MAX; // orchestrator.cluster.max-record-size=2MB: raised for large jobs
        TestNode a = node("a", settings(id("a"), 0, max, Set.of()));
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", settings(id("b"), 1, max, Set.of()));
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        WorkJob large = new WorkJob("x".repeat(DEFAULT_MAX + DEFAULT_MAX / 2), 0); // 1.5 MB of JSON: within 2 MB
        EventRecorder events = record(a.global);

        JobHandle<String> handle = a.dispatcher.submit(large, String.class);

        assertThat(events)
                .job(large.id())
                .as("a job of %d bytes under max-record-size %d", DEFAULT_MAX + DEFAULT_MAX / 2, max)
                .succeeded();
        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(onB.started).containsExactly(large.id());
    }

    @Test
    void aResultTooLargeToComeHomeEndsTheJobOnceAsAFailureInsteadOfRunningItAgain() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, Set.of()));
        a.register(new ReportExecutor()).start();
        TestNode b = node("b", settings(id("b"), 1, DEFAULT_MAX, Set.of()));
        ReportExecutor onB = new ReportExecutor();
        b.register(onB).start();
        ReportJob job = new ReportJob(2 * DEFAULT_MAX); // its result cannot be written within max-record-size
        EventRecorder events = record(a.global);

        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        events.awaitEnding(job.id());
        assertThat(onB.runs)
                .as(
                        "runs of a job that succeeded once, whose result is too large to write home (b released it %d"
                                + " times; its ending: %s)",
                        b.transport.stats().released(), events.eventsOf(job.id()))
                .hasValue(1);
        assertThat(b.transport.stats().released()).isZero();
        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
                .cause()
                .hasMessageContaining("max-record-size");
        assertThat(events).job(job.id()).endedOnce();
    }

    @Test
    void eventsOfAnotherInstancesJobsInAPartitionThisOneSharesAreSkippedNotRejected() throws Exception {
        TestNode a = node("a", settings(id("a"), 0, DEFAULT_MAX, Set.of()));
        a.register(new WorkExecutor("a")).start();
        String eventsTopic = a.transport.settings().eventsTopic();
        int partitions = partitions(eventsTopic);
        int home = partitionFor(instance(a), partitions);
        // B reads A's partition (as instances do once there are more of them than partitions) and runs
        // other jobs than A: WorkJob is on A's allow-list, not on B's
        TestNode b = node("b", settings(idOnPartition("b", home, partitions), 0, DEFAULT_MAX, Set.of()));
        b.register(new BlockingExecutor()).start();
        TestNode c = node("c", settings(id("c"), 1, DEFAULT_MAX, Set.of()));
        c.register(new WorkExecutor("c")).start();
        WorkJob job = new WorkJob("progress", 0);

        assertThat(a.dispatcher.submit(job, String.class).result().get(30, TimeUnit.SECONDS))
                .isEqualTo("c:1");
        // a fence for B after the job's events in the same partition: an ending of a job B never dispatched
        ObjectNode fence = endingNode("fence-" + UUID.randomUUID(), instance(b), instance(c), "cancelled");
        fence.put("type", BlockingJob.class.getName());
        send(eventsTopic, home, instance(b), TestNode.MAPPER.writeValueAsBytes(fence));
        await().atMost(WAIT).until(() -> b.transport.stats().orphanEvents() == 1);

        assertThat(b.log).as("what B logged about A's job's events").noneMatch(line -> line.startsWith("ERROR"));
        assertThat(b.transport.stats().rejected()).isZero();
    }

    // ---- helpers: nodes and buses

    private TestNode node(String name, ClusterSettings settings) {
        TestNode node = new TestNode(name, settings);
        nodes.add(node);
        return node;
    }

    private ClusterSettings settings(
            String instance, int concurrency, int maxRecordSize, Set<Class<? extends BaseEvent>> shared) {
        return new ClusterSettings(
                instance,
                prefix,
                prefix + "group",
                3,
                (short) 1,
                concurrency,
                5,
                4,
                Duration.ofMillis(1000),
                maxRecordSize,
                Duration.ofHours(1),
                shared,
                Set.of());
    }

    /** {@return the node's id in the cluster} */
    private static String instance(TestNode node) {
        return node.transport.instanceId();
    }

    private static String id(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /** An instance id whose records go to {@code partition}. */
    private static String idOnPartition(String name, int partition, int partitions) {
        String id = id(name);
        while (partitionFor(id, partitions) != partition) {
            id = id(name);
        }
        return id;
    }

    private SignalBus bus(String name) {
        SignalBus bus = SignalBus.scoped(name);
        buses.add(bus);
        return bus;
    }

    /** A recorder of every event of {@code bus} from now on, whose waits take up to {@link #WAIT}. */
    private static EventRecorder record(SignalBus bus) {
        return EventRecorder.on(bus).within(WAIT);
    }

    /** A record written here that an instance must reject, and what its ERROR line must say. */
    private record Rejected(String reason, RecordMetadata at) {
        static Rejected of(String reason, RecordMetadata at) {
            return new Rejected(reason, at);
        }
    }

    /** Waits until {@code node} logged one ERROR per record, naming its coordinates and the reason. */
    private static void assertRejected(TestNode node, List<Rejected> records) {
        for (Rejected bad : records) {
            RecordMetadata at = bad.at();
            String where = "(topic " + at.topic() + ", partition " + at.partition() + ", offset " + at.offset() + "): ";
            String reason = bad.reason();
            await().atMost(WAIT)
                    .alias(node.id + " rejects " + at.topic() + "-" + at.partition() + "@" + at.offset() + " (" + reason
                            + ")")
                    .until(() -> node.log.stream().anyMatch(line -> line.contains(where)));
            assertThat(node.log.stream().filter(line -> line.contains(where)))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith(
                                    "ERROR Rejected record " + at.topic() + "-" + at.partition() + "@" + at.offset())
                            .contains(reason));
        }
        await().atMost(WAIT).until(() -> node.transport.stats().rejected() >= records.size());
        assertThat(node.log.stream().filter(line -> line.startsWith("ERROR Rejected record")))
                .hasSize(records.size());
    }

    // ---- helpers: raw records

    private KafkaProducer<String, byte[]> raw() {
        if (raw == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ClusterBroker.bootstrapServers());
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return raw;
    }

    private RecordMetadata send(String topic, int partition, @Nullable String key, byte @Nullable [] value)
            throws Exception {
        return raw().send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
    }

    private int partitions(String topic) {
        return raw().partitionsFor(topic).size();
    }

    /** The partition of a key: murmur2, as Kafka's keyed partitioning and the transport's partitionFor compute it. */
    private static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Every record of a topic, read with a plain consumer from the beginning to the end as of now. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ClusterBroker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (0x80 + (i * 37) % 0x7f); // never valid UTF-8 JSON
        }
        return bytes;
    }

    /** A job as WireFormat writes it: the job through the application's mapper. */
    private static ObjectNode workJob(String id, String action) {
        return TestNode.MAPPER.valueToTree(
                new WorkJob(action, 0, JobOptions.builder().id(id).build()));
    }

    /** A job record as WireFormat writes it. */
    private byte[] jobRecord(int version, String type, String recordId, ObjectNode job) {
        ObjectNode root = TestNode.MAPPER.createObjectNode();
        root.put("v", version);
        root.put("type", type);
        root.set("job", job);
        root.put("id", recordId);
        root.put("bus", SignalBus.GLOBAL_NAME);
        root.put("origin", instance(nodes.get(0)));
        ObjectNode retry = root.putObject("retry");
        retry.put("maxRetries", 0);
        retry.put("baseDelay", "PT0.1S");
        retry.put("maxDelay", "PT1S");
        retry.put("exponentialBackoff", true);
        retry.put("jitter", 0.0);
        root.put("dispatchedAt", Instant.now().toString());
        root.put("depth", 0);
        return TestNode.MAPPER.writeValueAsBytes(root);
    }

    private static byte[] retryOn(byte[] record, String className) {
        ObjectNode root = (ObjectNode) TestNode.MAPPER.readTree(record);
        ((ObjectNode) root.get("retry")).putArray("retryOn").add(className);
        return TestNode.MAPPER.writeValueAsBytes(root);
    }

    /** A job's ending as WireFormat writes it, on its way home to {@code origin}. */
    private static ObjectNode endingNode(String jobId, String origin, String instance, String kind) {
        ObjectNode root = TestNode.MAPPER.createObjectNode();
        root.put("v", 1);
        root.put("job", jobId);
        root.put("type", WorkJob.class.getName());
        root.put("origin", origin);
        root.put("instance", instance);
        root.put("attempt", 1);
        root.put("depth", 0);
        root.put("kind", kind);
        if (kind.equals("success")) {
            root.put("data", "ghost");
        } else if (kind.equals("failure")) {
            root.put("attempts", 1);
            ObjectNode error = root.putObject("error");
            error.put("type", IllegalStateException.class.getName());
            error.put("message", "ran twice");
        }
        return root;
    }

    private static byte[] ending(String jobId, String origin, String instance, String kind) {
        return TestNode.MAPPER.writeValueAsBytes(endingNode(jobId, origin, instance, kind));
    }
}
