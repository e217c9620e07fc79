package dev.orchestrator.kafka;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.cluster.ClusterHome;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.cluster.JobTransport;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.ExecutorNotFoundException;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode on Apache Kafka: the {@link JobTransport} of a dispatcher built with
 * {@code Dispatcher.builder().transport(...)}.
 *
 * <ul>
 *   <li><b>Jobs</b> are written, as JSON, to the {@code jobs} topic (keyed by job id) and taken by a
 *       Kafka share group: any instance takes any job, runs it through a
 *       {@linkplain Dispatcher#clusterWorker cluster worker} with the timeout and retry policy it
 *       was dispatched with (retries happen on the instance that took it, its record locked and
 *       renewed through the backoff), and acknowledges the record only after the job's ending is
 *       written. An instance that stops without acknowledging (killed, or handing jobs back at
 *       shutdown) releases the record to another instance; after {@code deliveryLimit} deliveries
 *       the next one ends the job with a failure instead of running it. Execution is at least once:
 *       {@code JobContext.deliveryCount()} tells an executor it runs a job again.
 *   <li><b>Events come home</b> through the {@code events} topic, partitioned by the dispatching
 *       instance: each instance reads only its own partition and hands the events to its dispatcher,
 *       which emits them on the bus the job was dispatched on. One job's events come from one
 *       producer at a time into one partition, so they arrive in order; a second ending (a job that
 *       ran twice) is dropped.
 *   <li><b>Shared events</b>: events of the {@link ClusterSettings#sharedEvents() shared types}
 *       emitted on this instance's global bus are written to the {@code shared} topic (partitioned by
 *       publishing instance: in order per publisher) and emitted on every other instance's global
 *       bus.
 *   <li><b>Cancel</b> goes to the compacted {@code control} topic, keyed by job id, which every
 *       instance reads from the beginning: the instance running the job cancels it, and whoever
 *       takes a job that is cancelled ends it without running it. A cancel is remembered for
 *       {@code cancelRetention}.
 *   <li><b>Safe on the wire</b>: only job types of registered executors and
 *       {@link ClusterSettings#allowedTypes()}, and only shared event types, are ever read; a record
 *       that cannot be read is rejected with an ERROR naming its topic, partition and offset.
 * </ul>
 *
 * <p>Lifecycle: the dispatcher calls {@link #open}; {@link #start} begins taking jobs once every
 * executor is registered; {@link #stop} stops taking jobs, lets running ones finish within a grace
 * period and hands the rest back; {@link #close} ends everything. Thread-safe.
 */
public final class KafkaJobTransport implements JobTransport, AutoCloseable {

    private static final String RELAY_BUS = "cluster-worker";

    /** Room for a record's key, headers and batch overhead beyond {@code maxRecordSize}. */
    static final int ENVELOPE_BYTES = 65_536;

    /** Events of jobs running here that may wait for the relay before progress events are dropped. */
    static final int RELAY_CAPACITY = 100_000;

    /** What became of a record a poller took. */
    enum Take {
        HELD,
        REJECTED,
        RELEASED
    }

    /** A job taken here and not yet acknowledged. */
    static final class InFlight {
        final JobPoller poller;
        final JobPoller.Coordinates at;
        final JobTicket ticket;
        /** The partition of the events topic that the job's dispatcher reads. */
        final int homePartition;

        volatile @Nullable JobHandle<Object> handle;
        volatile boolean handedBack;

        InFlight(JobPoller poller, JobPoller.Coordinates at, JobTicket ticket, int homePartition) {
            this.poller = poller;
            this.at = at;
            this.ticket = ticket;
            this.homePartition = homePartition;
        }
    }

    private final ClusterSettings settings;
    private final JsonMapper mapper;
    private final ProducerFactory<String, byte[]> producers;
    private final ConsumerFactory<String, byte[]> consumers;
    private final ShareConsumerFactory<String, byte[]> shareConsumers;
    private final KafkaAdmin admin;
    private final OrchestratorLogger logger;
    private final ClusterStats stats = new ClusterStats();

    private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> cancels = new ConcurrentHashMap<>();
    /** Shared events that came from the cluster: emitted here, never written back. */
    private final Set<BaseEvent> fromCluster =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private final List<JobPoller> pollers = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Object monitor = new Object();

    private volatile WireFormat wire;
    private volatile @Nullable ClusterHome home;
    private volatile @Nullable Producer<String, byte[]> producer;
    private volatile @Nullable ProducerFactory<String, byte[]> producerFactory;
    private volatile @Nullable Inbox inbox;
    private volatile @Nullable Dispatcher worker;
    private volatile @Nullable SignalBus relay;
    private volatile @Nullable SignalBus globalBus;
    private volatile int eventPartitions = 1;
    private volatile int sharedPartitions = 1;
    private volatile long lastPurge = System.nanoTime();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean closed;

    /**
     * Creates the transport; nothing connects before {@link #open}.
     *
     * @param settings what to create and how to take jobs, not {@code null}
     * @param mapper writes and reads jobs, results and shared events (Spring Boot's, with the
     *     orchestrator's Jackson module), not {@code null}
     * @param producers creates the producer (string keys, byte-array values), not {@code null}
     * @param consumers creates the inbox consumer (string keys, byte-array values), not {@code null}
     * @param shareConsumers creates the share consumers that take jobs, not {@code null}
     * @param admin creates the topics, not {@code null}
     * @param logger where the transport reports, not {@code null}
     */
    public KafkaJobTransport(
            ClusterSettings settings,
            JsonMapper mapper,
            ProducerFactory<String, byte[]> producers,
            ConsumerFactory<String, byte[]> consumers,
            ShareConsumerFactory<String, byte[]> shareConsumers,
            KafkaAdmin admin,
            OrchestratorLogger logger) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.producers = Objects.requireNonNull(producers, "producers must not be null");
        this.consumers = Objects.requireNonNull(consumers, "consumers must not be null");
        this.shareConsumers = Objects.requireNonNull(shareConsumers, "shareConsumers must not be null");
        this.admin = Objects.requireNonNull(admin, "admin must not be null");
        this.logger = Objects.requireNonNull(logger, "logger must not be null");
        this.wire = new WireFormat(mapper, name -> null, Map.of(), type -> Object.class, classLoader());
    }

    /** {@return the settings} */
    public ClusterSettings settings() {
        return settings;
    }

    /** {@return what this transport counted since it started} */
    public ClusterStats stats() {
        return stats;
    }

    @Override
    public String instanceId() {
        return settings.instanceId();
    }

    /**
     * {@return the registry of the jobs this instance takes from the cluster (running here, and those
     * that ended here), or empty before {@link #start}}
     */
    public java.util.Optional<JobRegistry> workerRegistry() {
        Dispatcher current = worker;
        return current == null ? java.util.Optional.empty() : java.util.Optional.of(current.registry());
    }

    /** {@return whether {@link #start} ran and {@link #stop} did not} */
    public boolean isTakingJobs() {
        return started && !stopping;
    }

    boolean isStopping() {
        return stopping;
    }

    /** A poller's thread ended on an error (logged there); counted, and shown by health. */
    void consumerStopped() {
        stats.stoppedConsumers.incrementAndGet();
    }

    boolean isClosed() {
        return closed;
    }

    // ---- JobTransport

    /**
     * Creates the four topics (when missing) and the share group's settings, the producer, and the
     * inbox positioned at the end of this instance's events: from here on no event of a job
     * dispatched here is missed.
     *
     * @throws IllegalStateException when called twice, or Kafka cannot be reached
     */
    @Override
    public synchronized void open(ClusterHome home) {
        Objects.requireNonNull(home, "home must not be null");
        if (this.home != null) {
            throw new IllegalStateException("KafkaJobTransport is already open");
        }
        this.home = home;
        createTopics();
        Map<String, TopicDescription> topics = describeTopics();
        eventPartitions = partitionCount(topics, settings.eventsTopic());
        sharedPartitions = partitionCount(topics, settings.sharedTopic());
        int controlPartitions = partitionCount(topics, settings.controlTopic());
        configureShareGroup();
        ProducerFactory<String, byte[]> factory = producerFactory();
        producerFactory = factory;
        producer = factory.createProducer();
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(settings.maxRecordSize()));
        List<TopicPartition> shared = new ArrayList<>();
        for (int p = 0; p < sharedPartitions; p++) {
            shared.add(new TopicPartition(settings.sharedTopic(), p));
        }
        List<TopicPartition> control = new ArrayList<>();
        for (int p = 0; p < controlPartitions; p++) {
            control.add(new TopicPartition(settings.controlTopic(), p));
        }
        inbox = new Inbox(
                this,
                consumers.createConsumer(null, "orchestrator-inbox-", settings.instanceId(), overrides),
                logger,
                new TopicPartition(settings.eventsTopic(), partitionFor(settings.instanceId(), eventPartitions)),
                shared,
                control,
                "orchestrator-cluster-inbox");
    }

    @Override
    public void send(JobTicket ticket) {
        Objects.requireNonNull(ticket, "ticket must not be null");
        Producer<String, byte[]> out = producer;
        if (out == null || closed) {
            throw new RejectedExecutionException("The cluster transport is " + (closed ? "closed" : "not open")
                    + "; job " + ticket.job().logName() + " was not dispatched");
        }
        byte[] value = wire.writeJob(ticket, partitionFor(instanceId(), eventPartitions));
        if (value.length > settings.maxRecordSize()) {
            throw new IllegalArgumentException("Job " + ticket.job().logName() + " is " + value.length
                    + " bytes as JSON, more than orchestrator.cluster.max-record-size (" + settings.maxRecordSize()
                    + "); it was not dispatched");
        }
        out.send(new ProducerRecord<>(settings.jobsTopic(), ticket.jobId(), value), (metadata, error) -> {
            if (error == null) {
                stats.published.incrementAndGet();
                return;
            }
            log(
                    LogLevel.ERROR,
                    "Job " + ticket.job().logName() + " could not be written to " + settings.jobsTopic()
                            + "; it ends as failed",
                    error);
            deliverHome(
                    new JobFailureEvent(
                            ticket.jobId(),
                            ticket.job().getClass(),
                            new IllegalStateException("Job could not be written to topic " + settings.jobsTopic() + ": "
                                    + LogText.error(error)),
                            1),
                    0);
        });
    }

    @Override
    public void cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        Producer<String, byte[]> out = producer;
        if (out == null || closed) {
            throw new RejectedExecutionException(
                    "The cluster transport is closed; cancel of job " + LogText.quote(jobId) + " was not sent");
        }
        Instant now = Instant.now();
        remember(jobId, now); // here at once; every other instance through the control topic
        out.send(
                new ProducerRecord<>(settings.controlTopic(), jobId, wire.writeCancel(jobId, instanceId(), now)),
                (metadata, error) -> {
                    if (error != null) {
                        log(
                                LogLevel.ERROR,
                                "Cancel of job " + LogText.quote(jobId) + " could not be written to "
                                        + settings.controlTopic() + "; only this instance knows it",
                                error);
                    }
                });
    }

    // ---- lifecycle

    /**
     * Starts taking jobs: a cluster worker of {@code dispatcher} runs them, the allow-list is the job
     * types of its executors (registered by now) and {@link ClusterSettings#allowedTypes()}, and
     * shared events on {@code globalBus} go to every instance. Waits until the cancels asked for
     * before this instance started are read (at most 30 s), so that none of those jobs runs.
     *
     * @param dispatcher the dispatcher that opened this transport, not {@code null}
     * @param globalBus the application's global bus, not {@code null}
     * @throws IllegalStateException when not open, started twice, or closed
     */
    public synchronized void start(Dispatcher dispatcher, SignalBus globalBus) {
        Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        Objects.requireNonNull(globalBus, "globalBus must not be null");
        Inbox reader = inbox;
        if (reader == null || started || closed) {
            throw new IllegalStateException("KafkaJobTransport.start needs an open transport, started once");
        }
        started = true;
        this.globalBus = globalBus;
        Map<String, Class<? extends BaseJob>> allowed = new HashMap<>();
        settings.allowedTypes().forEach(type -> allowed.put(type.getName(), type));
        // looked up at each read: an executor registered after start (a lazy bean) is allowed too
        Function<String, @Nullable Class<? extends BaseJob>> jobTypes = name -> {
            Class<? extends BaseJob> type = allowed.get(name);
            if (type != null) {
                return type;
            }
            for (Class<? extends BaseJob> registered : dispatcher.executors().keySet()) {
                if (registered.getName().equals(name)) {
                    return registered;
                }
            }
            return null;
        };
        Map<String, Class<? extends BaseEvent>> sharedTypes = new HashMap<>();
        settings.sharedEvents().forEach(type -> sharedTypes.put(type.getName(), type));
        Function<Class<? extends BaseJob>, Class<?>> resultTypes = type -> {
            BaseExecutor<?> executor = dispatcher.executors().get(type);
            return executor == null ? Object.class : executor.resultType();
        };
        wire = new WireFormat(mapper, jobTypes, sharedTypes, resultTypes, classLoader());
        // Events of jobs running here on their way to Kafka: a relay that falls behind (a broker that
        // is slow to take records) must neither drop results nor be cut off, which would stop
        // acknowledging and so stop this instance taking jobs.
        SignalBus relayBus = SignalBus.builder(RELAY_BUS)
                .logger(logger)
                .subscriberCapacity(RELAY_CAPACITY)
                .stuckSubscriberTimeout(Duration.ofDays(1))
                .build();
        relay = relayBus;
        Dispatcher runner = dispatcher.clusterWorker(relayBus);
        worker = runner;
        subscriptions.add(relayBus.subscribe(() -> "cluster-relay", BaseEvent.class, null, this::relay));
        if (!sharedTypes.isEmpty()) {
            subscriptions.add(globalBus.subscribe(
                    () -> "cluster-shared-events",
                    BaseEvent.class,
                    event -> sharedTypes.containsKey(event.getClass().getName()) && !fromCluster.remove(event),
                    this::publishShared));
        }
        reader.start();
        try {
            if (!reader.awaitCaughtUp(Duration.ofSeconds(30))) {
                log(
                        LogLevel.WARNING,
                        "Cluster inbox did not read the cancels topic " + settings.controlTopic()
                                + " to its end within 30 s; taking jobs anyway",
                        null);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < settings.concurrency(); i++) {
            Map<String, Object> overrides = new HashMap<>();
            overrides.put("share.acknowledgement.mode", "explicit");
            overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
            overrides.put("share.acquire.mode", "record_limit");
            overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.maxRecordSize());
            ShareConsumer<String, byte[]> consumer = shareConsumers.createShareConsumer(
                    settings.shareGroup(), "orchestrator-" + settings.instanceId() + "-" + i, overrides);
            consumer.subscribe(List.of(settings.jobsTopic()));
            JobPoller poller =
                    new JobPoller(this, consumer, logger, settings.lockRenewal(), "orchestrator-cluster-jobs-" + i);
            pollers.add(poller);
        }
        pollers.forEach(JobPoller::start);
    }

    /**
     * Stops taking jobs, lets the jobs running here finish for up to {@code gracePeriod} (their
     * endings written and records acknowledged), then hands the rest back to the share group, where
     * another instance takes them at once: nothing is cancelled, nothing is lost. Idempotent.
     *
     * @param gracePeriod how long running jobs may take, not negative
     * @return {@code true} when every job running here finished within the grace period
     */
    public boolean stop(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        stopping = true;
        pollers.forEach(JobPoller::wakeup);
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        boolean finished;
        synchronized (monitor) {
            while (!inFlight.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            finished = inFlight.isEmpty();
        }
        List<InFlight> left = new ArrayList<>(inFlight.values());
        if (!left.isEmpty()) {
            log(
                    LogLevel.WARNING,
                    "Cluster shutdown: the grace period of " + gracePeriod + " is over; handing " + left.size()
                            + " running jobs back to the share group (another instance runs them again)",
                    null);
        }
        for (InFlight job : left) {
            job.handedBack = true; // its cancel ending below is not written: the job is not over
            handBack(job);
        }
        Dispatcher runner = worker;
        if (runner != null) {
            runner.shutdown(Duration.ZERO);
        }
        for (JobPoller poller : pollers) {
            try {
                poller.wakeup();
                if (!poller.join(Duration.ofSeconds(15))) {
                    log(LogLevel.WARNING, "A cluster job consumer did not stop within 15 s", null);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return finished;
    }

    /** Stops taking jobs (handing running ones back at once), stops the inbox and the producer. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!stopping) {
            stop(Duration.ZERO);
        }
        closed = true;
        subscriptions.forEach(Subscription::unsubscribe);
        Inbox reader = inbox;
        if (reader != null) {
            try {
                reader.close(Duration.ofSeconds(10));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        Producer<String, byte[]> out = producer;
        if (out != null) {
            out.close(Duration.ofSeconds(10)); // sends what is buffered first
        }
        ProducerFactory<String, byte[]> factory = producerFactory;
        if (factory != null) {
            factory.reset(); // closes the factory's shared producer itself, not only its proxy
        }
        SignalBus relayBus = relay;
        if (relayBus != null) {
            relayBus.close();
        }
    }

    // ---- taking jobs (poller threads)

    /** A record a poller took: decides, and starts the job when it runs here. */
    Take take(JobPoller poller, JobPoller.Coordinates at, byte @Nullable [] value, int deliveries) {
        stats.taken.incrementAndGet();
        if (deliveries > 1) {
            stats.redelivered.incrementAndGet();
        }
        WireFormat.TakenJob taken;
        try {
            if (value == null) {
                throw new UnreadableRecordException("no value");
            }
            if (value.length > settings.maxRecordSize()) {
                throw new UnreadableRecordException(
                        value.length + " bytes, more than max-record-size " + settings.maxRecordSize());
            }
            taken = wire.readJob(value);
        } catch (UnreadableRecordException ex) {
            reject(at, ex);
            tellDispatcher(wire.readEnvelope(value), ex);
            return Take.REJECTED;
        }
        JobTicket ticket = taken.ticket();
        String id = ticket.jobId();
        if (stopping) {
            stats.released.incrementAndGet();
            return Take.RELEASED;
        }
        int home = taken.homePartition() >= 0 && taken.homePartition() < eventPartitions
                ? taken.homePartition()
                : partitionFor(ticket.origin(), eventPartitions);
        InFlight job = new InFlight(poller, at, ticket, home);
        if (cancels.containsKey(id)) {
            write(job, new JobCancelledEvent(id, ticket.job().getClass()), 0);
            return Take.HELD;
        }
        if (deliveries > settings.deliveryLimit()) {
            stats.deliveryLimitFailures.incrementAndGet();
            String why = "Job " + ticket.job().logName() + " was delivered " + deliveries + " times: each of the "
                    + (deliveries - 1) + " instances (or attempts) that took it before stopped before it ended"
                    + " (killed, or its record lock expired); the delivery limit is " + settings.deliveryLimit()
                    + " (orchestrator.cluster.delivery-limit), so it ends as failed without running again";
            log(LogLevel.WARNING, why, null);
            write(
                    job,
                    new JobFailureEvent(id, ticket.job().getClass(), new IllegalStateException(why), deliveries - 1),
                    deliveries - 1);
            return Take.HELD;
        }
        if (inFlight.putIfAbsent(id, job) != null) {
            stats.released.incrementAndGet();
            return Take.RELEASED; // the same job id runs here already: let another instance have this record
        }
        Dispatcher runner = Objects.requireNonNull(worker, "worker");
        SignalBus relayBus = Objects.requireNonNull(relay, "relay");
        try {
            job.handle = runner.execute(ticket, deliveries, relayBus);
        } catch (ExecutorNotFoundException | RejectedExecutionException ex) {
            // no executor for the type here, or no room: another instance may have both
            forget(job);
            stats.released.incrementAndGet();
            log(LogLevel.DEBUG, "Job " + ticket.job().logName() + " handed back: " + ex.getMessage(), null);
            return Take.RELEASED;
        } catch (IllegalStateException ex) {
            // it ran here already and its record came back: its ending could not be confirmed
            forget(job);
            write(
                    job,
                    new JobFailureEvent(
                            id,
                            ticket.job().getClass(),
                            new IllegalStateException(
                                    "Job delivered again to the instance that already ran it: " + ex.getMessage()),
                            1),
                    0);
            return Take.HELD;
        }
        if (cancels.containsKey(id)) {
            runner.cancel(id); // the cancel arrived while it was being started
        }
        return Take.HELD;
    }

    /**
     * A job record this instance rejects but whose envelope it can read (a job type not on its
     * allow-list, job JSON it cannot read): its dispatcher gets a failure ending, so that the job
     * does not wait there for ever.
     */
    private void tellDispatcher(WireFormat.@Nullable Envelope envelope, Exception why) {
        Producer<String, byte[]> out = producer;
        if (envelope == null || out == null) {
            return;
        }
        int partition = envelope.homePartition() >= 0 && envelope.homePartition() < eventPartitions
                ? envelope.homePartition()
                : partitionFor(envelope.origin(), eventPartitions);
        out.send(new ProducerRecord<>(
                settings.eventsTopic(),
                partition,
                envelope.origin(),
                wire.writeUnreadableFailure(
                        envelope,
                        instanceId(),
                        "Instance " + instanceId() + " could not read the job: " + why.getMessage()
                                + " (every instance of the share group needs the job's class, and an executor for"
                                + " it or orchestrator.cluster.allowed-types)")));
    }

    private void reject(JobPoller.Coordinates at, Exception why) {
        stats.rejected.incrementAndGet();
        log(
                LogLevel.ERROR,
                "Rejected record " + at + " (topic " + at.topic() + ", partition " + at.partition() + ", offset "
                        + at.offset() + "): " + why.getMessage(),
                null);
    }

    private void handBack(InFlight job) {
        stats.released.incrementAndGet();
        forget(job);
        job.poller.acknowledge(job.at, AcknowledgeType.RELEASE);
    }

    private void forget(InFlight job) {
        if (inFlight.remove(job.ticket.jobId(), job)) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    // ---- events of jobs running here (relay bus delivery thread)

    private void relay(BaseEvent event) {
        if (!(event instanceof JobEvent jobEvent)) {
            if (settings.sharedEvents().contains(event.getClass())) {
                publishShared(event); // a domain event its executor emitted: shared like one on the global bus
            }
            return;
        }
        InFlight job = inFlight.get(jobEvent.correlationId());
        if (job == null || job.handedBack) {
            return; // handed back at shutdown: the job is not over, another instance runs it
        }
        if (stopping && jobEvent instanceof JobCancelledEvent && !cancels.containsKey(jobEvent.correlationId())) {
            // cancelled by this instance's shutdown (taken just as it stopped), not by anyone's cancel:
            // hand it back instead of ending it
            job.handedBack = true;
            handBack(job);
            return;
        }
        JobHandle<Object> handle = job.handle;
        write(job, jobEvent, handle == null ? 0 : handle.attempt());
    }

    /** Writes one event of a job home; after a terminal one, acknowledges the job's record. */
    private void write(InFlight job, JobEvent event, int attempt) {
        JobTicket ticket = job.ticket;
        byte[] value;
        JobEvent sent = event;
        try {
            value = wire.writeEvent(event, ticket.origin(), instanceId(), attempt);
        } catch (JacksonException ex) {
            // a result that cannot be written: the dispatcher could never read it, so the job fails
            sent = new JobFailureEvent(
                    event.correlationId(),
                    event.jobType(),
                    new IllegalArgumentException("The job's result cannot be written as JSON for the instance that"
                            + " dispatched it: " + ex.getOriginalMessage()),
                    Math.max(1, attempt));
            value = wire.writeEvent(sent, ticket.origin(), instanceId(), attempt);
        }
        if (value.length > settings.maxRecordSize()) {
            String why = "is " + value.length + " bytes as JSON, more than orchestrator.cluster.max-record-size ("
                    + settings.maxRecordSize() + "); it cannot reach the instance that dispatched the job";
            if (!event.isTerminal()) {
                log(LogLevel.WARNING, "Dropped " + event.logName() + ": it " + why, null);
                return;
            }
            // the job ran: it ends (once) as failed rather than running again
            sent = new JobFailureEvent(
                    event.correlationId(),
                    event.jobType(),
                    new IllegalArgumentException("The job's ending " + why),
                    Math.max(1, attempt));
            value = wire.writeEvent(sent, ticket.origin(), instanceId(), attempt);
        }
        Producer<String, byte[]> out = Objects.requireNonNull(producer, "producer");
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(settings.eventsTopic(), job.homePartition, ticket.origin(), value);
        if (!sent.isTerminal()) {
            out.send(record);
            return;
        }
        out.send(record, (metadata, error) -> {
            forget(job);
            if (error != null) {
                log(
                        LogLevel.ERROR,
                        "The ending of job " + ticket.job().logName() + " could not be written to "
                                + settings.eventsTopic()
                                + "; its record goes back to the share group and the job runs again",
                        error);
                stats.released.incrementAndGet();
                job.poller.acknowledge(job.at, AcknowledgeType.RELEASE);
                return;
            }
            job.poller.acknowledge(job.at, AcknowledgeType.ACCEPT);
            // No tombstone on the control topic: written before the acknowledgement is committed, it
            // would let a job cancelled here run on the instance that takes its record after a crash.
            // Every instance forgets a cancel after cancel-retention.
        });
    }

    // ---- the inbox (its thread)

    /** A record the inbox read. */
    void receive(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        String topic = record.topic();
        JobPoller.Coordinates at = JobPoller.Coordinates.of(record);
        try {
            if (value != null && value.length > settings.maxRecordSize()) {
                throw new UnreadableRecordException(
                        value.length + " bytes, more than max-record-size " + settings.maxRecordSize());
            }
            if (topic.equals(settings.controlTopic())) {
                receiveCancel(record.key(), value);
            } else if (value == null) {
                throw new UnreadableRecordException("no value");
            } else if (topic.equals(settings.eventsTopic())) {
                receiveEvent(value);
            } else if (topic.equals(settings.sharedTopic())) {
                receiveShared(value);
            }
        } catch (UnreadableRecordException ex) {
            reject(at, ex);
        }
    }

    private void receiveEvent(byte[] value) {
        WireFormat.JobEventRecord read = wire.readEvent(value, instanceId());
        if (read == null) {
            return; // another instance's job whose partition this one shares
        }
        deliverHomeFrom(read.event(), read.attempt(), read.instance());
    }

    private void deliverHome(JobEvent event, int attempt) {
        deliverHomeFrom(event, attempt, instanceId());
    }

    private void deliverHomeFrom(JobEvent event, int attempt, String instance) {
        ClusterHome target = Objects.requireNonNull(home, "home");
        ClusterHome.Delivery delivery = target.deliver(event, attempt, instance);
        if (delivery == ClusterHome.Delivery.DUPLICATE && event.isTerminal()) {
            stats.duplicateEndings.incrementAndGet();
            log(
                    LogLevel.DEBUG,
                    "Dropped a second ending of job " + event.logName() + " (from " + instance
                            + "): it ran twice, its first ending counts",
                    null);
        } else if (delivery == ClusterHome.Delivery.UNKNOWN) {
            stats.orphanEvents.incrementAndGet();
            log(
                    LogLevel.DEBUG,
                    "Dropped " + event.logName() + ": no dispatcher here waits for it (dispatched"
                            + " before this instance restarted); it is recorded where it ran",
                    null);
        }
    }

    private void receiveShared(byte[] value) {
        WireFormat.SharedEventRecord read = wire.readShared(value);
        if (read.origin().equals(instanceId())) {
            return; // emitted here already
        }
        SignalBus bus = globalBus;
        if (bus != null && !bus.isClosed()) {
            fromCluster.add(read.event());
            bus.emit(read.event());
        }
    }

    private void receiveCancel(@Nullable String jobId, byte @Nullable [] value) {
        if (jobId == null) {
            throw new UnreadableRecordException("a cancel without a job id");
        }
        if (value == null) {
            cancels.remove(jobId); // the job ended: tombstone
            return;
        }
        Instant at = wire.readCancel(value);
        if (at.isBefore(Instant.now().minus(settings.cancelRetention()))) {
            return;
        }
        remember(jobId, at);
    }

    private void remember(String jobId, Instant at) {
        cancels.put(jobId, at);
        Dispatcher runner = worker;
        if (runner != null && inFlight.containsKey(jobId)) {
            runner.cancel(jobId);
        }
    }

    /** Drops cancels older than the retention (of jobs nobody took); at most once a minute. */
    void forgetExpiredCancels() {
        long now = System.nanoTime();
        if (now - lastPurge < TimeUnit.MINUTES.toNanos(1)) {
            return;
        }
        lastPurge = now;
        Instant cutoff = Instant.now().minus(settings.cancelRetention());
        cancels.values().removeIf(at -> at.isBefore(cutoff));
    }

    // ---- shared events (global bus delivery thread)

    private void publishShared(BaseEvent event) {
        Producer<String, byte[]> out = producer;
        if (out == null || closed) {
            return;
        }
        byte[] value;
        try {
            value = wire.writeShared(event, instanceId());
        } catch (JacksonException ex) {
            log(
                    LogLevel.ERROR,
                    "Shared event " + event.logName() + " cannot be written as JSON; it stays on this" + " instance: "
                            + ex.getOriginalMessage(),
                    null);
            return;
        }
        out.send(
                new ProducerRecord<>(
                        settings.sharedTopic(), partitionFor(instanceId(), sharedPartitions), instanceId(), value),
                (metadata, error) -> {
                    if (error != null) {
                        log(
                                LogLevel.ERROR,
                                "Shared event " + event.logName() + " could not be written to " + settings.sharedTopic()
                                        + "; it stays on this instance",
                                error);
                    }
                });
    }

    // ---- setup

    private void createTopics() {
        String maxMessageBytes = String.valueOf(settings.maxRecordSize() + ENVELOPE_BYTES);
        NewTopic control = new NewTopic(settings.controlTopic(), settings.partitions(), settings.replication())
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(settings.cancelRetention().toMillis()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        maxMessageBytes));
        Map<String, String> sized = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes);
        admin.createOrModifyTopics(
                new NewTopic(settings.jobsTopic(), settings.partitions(), settings.replication()).configs(sized),
                new NewTopic(settings.eventsTopic(), settings.partitions(), settings.replication()).configs(sized),
                new NewTopic(settings.sharedTopic(), settings.partitions(), settings.replication()).configs(sized),
                control);
    }

    /** A new share group skips records written before it joined; jobs dispatched before must run too. */
    private void configureShareGroup() {
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            client.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.GROUP, settings.shareGroup()),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            checkDeliveryLimit(client);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException(
                    "Could not configure share group '" + settings.shareGroup()
                            + "' (share.auto.offset.reset=earliest): "
                            + LogText.error(ex.getCause() != null ? ex.getCause() : ex),
                    ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring share group " + settings.shareGroup(), ex);
        }
    }

    /**
     * The producer factory with a request size that fits {@code maxRecordSize} and its envelope: a
     * job within the limit is never refused by the producer itself.
     */
    private ProducerFactory<String, byte[]> producerFactory() {
        Object configured = producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int current = configured == null ? 1_048_576 : Integer.parseInt(configured.toString());
        Map<String, Object> overrides = new HashMap<>();
        // one job's events keep their order only with an idempotent producer (retries never reorder)
        overrides.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        overrides.put(ProducerConfig.ACKS_CONFIG, "all");
        overrides.put(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(current, settings.maxRecordSize() + ENVELOPE_BYTES));
        try {
            return producers.copyWithConfigurationOverride(overrides);
        } catch (UnsupportedOperationException ex) {
            log(
                    LogLevel.WARNING,
                    "The producer factory " + producers.getClass().getName() + " cannot take " + overrides
                            + "; using it as it is configured",
                    null);
            return producers;
        }
    }

    /** Describes the topics just created: a broker may not know them for a moment after it said so. */
    private Map<String, TopicDescription> describeTopics() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(settings.eventsTopic(), settings.sharedTopic(), settings.controlTopic());
            } catch (RuntimeException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                try {
                    Thread.sleep(100); // polling the broker's metadata, not waiting for a test condition
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /**
     * The delivery that ends a job as failed must come before the broker archives its record (at
     * {@code group.share.delivery.count.limit}): otherwise the job would vanish without an ending.
     */
    private void checkDeliveryLimit(Admin client) throws ExecutionException, InterruptedException, TimeoutException {
        org.apache.kafka.common.Node node =
                client.describeCluster().controller().get(30, TimeUnit.SECONDS);
        if (node == null || node.isEmpty()) {
            return;
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(node.id()));
        org.apache.kafka.clients.admin.Config config = client.describeConfigs(List.of(broker))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(broker);
        ConfigEntry limit = config == null ? null : config.get("group.share.delivery.count.limit");
        if (limit != null && limit.value() != null && Integer.parseInt(limit.value()) <= settings.deliveryLimit()) {
            throw new IllegalStateException("orchestrator.cluster.delivery-limit (" + settings.deliveryLimit()
                    + ") must be below the broker's group.share.delivery.count.limit (" + limit.value()
                    + "): the delivery after the limit ends a job as failed, and the broker would archive its"
                    + " record before that delivery, so the job would end nowhere");
        }
    }

    private static int partitionCount(Map<String, TopicDescription> topics, String topic) {
        TopicDescription description = topics.get(topic);
        if (description == null) {
            throw new IllegalStateException("Topic " + topic + " does not exist and could not be created");
        }
        return description.partitions().size();
    }

    /** The partition of an instance's records: murmur2 of its id, as Kafka's own keyed partitioning. */
    static int partitionFor(String instance, int partitions) {
        return Utils.toPositive(Utils.murmur2(instance.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : KafkaJobTransport.class.getClassLoader();
    }

    private void log(LogLevel level, String message, @Nullable Throwable error) {
        try {
            logger.log(level, message, error);
        } catch (RuntimeException ignored) {
            // a failing logger is ignored
        }
    }

    @Override
    public String toString() {
        return "KafkaJobTransport[" + instanceId() + ", topics " + settings.topicPrefix() + "*, group "
                + settings.shareGroup() + "]";
    }
}
