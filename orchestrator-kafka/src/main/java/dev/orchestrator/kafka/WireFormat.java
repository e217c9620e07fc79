package dev.orchestrator.kafka;

import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.cluster.RemoteJobException;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.EventChain;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON on the wire: job records, job events, shared application events and cancels. Classes are
 * only ever looked up in the allow-lists given here (job types, shared event types), never by a name
 * read from a record; the exception classes of a retry policy are loaded without initialization and
 * must be {@code Throwable}s. Thread-safe.
 */
final class WireFormat {

    static final int VERSION = 1;

    private final JsonMapper mapper;
    /** The allow-list of job types, by class name; looked up at each read (executors may come later). */
    private final Function<String, @Nullable Class<? extends BaseJob>> jobTypes;

    private final Map<String, Class<? extends BaseEvent>> sharedTypes;
    private final Function<Class<? extends BaseJob>, Class<?>> resultTypes;
    private final ClassLoader loader;

    WireFormat(
            JsonMapper mapper,
            Function<String, @Nullable Class<? extends BaseJob>> jobTypes,
            Map<String, Class<? extends BaseEvent>> sharedTypes,
            Function<Class<? extends BaseJob>, Class<?>> resultTypes,
            ClassLoader loader) {
        this.mapper = mapper;
        this.jobTypes = jobTypes;
        this.sharedTypes = Map.copyOf(sharedTypes);
        this.resultTypes = resultTypes;
        this.loader = loader;
    }

    // ---- jobs

    byte[] writeJob(JobTicket ticket, int homePartition) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("home", homePartition);
        root.put("type", ticket.job().getClass().getName());
        try {
            root.set("job", mapper.valueToTree(ticket.job()));
        } catch (JacksonException ex) {
            throw new IllegalArgumentException(
                    "Job " + ticket.job().logName() + " cannot be written as JSON for the cluster: "
                            + ex.getOriginalMessage(),
                    ex);
        }
        root.put("id", ticket.jobId());
        root.put("bus", ticket.busName());
        root.put("origin", ticket.origin());
        Duration timeout = ticket.timeout();
        if (timeout != null) {
            root.put("timeout", timeout.toString());
        }
        root.set("retry", writePolicy(ticket.retryPolicy(), ticket.job()));
        root.put("dispatchedAt", ticket.dispatchedAt().toString());
        root.put("depth", ticket.chainDepth());
        return mapper.writeValueAsBytes(root);
    }

    /** A job taken from the jobs topic, with the partition of the events topic its dispatcher reads. */
    record TakenJob(JobTicket ticket, int homePartition) {}

    /** What a job record says about itself, read without its job: enough to tell its dispatcher. */
    record Envelope(String jobId, String typeName, String origin, int homePartition) {}

    /** {@return the envelope of a job record, or {@code null} when not even that can be read} */
    @Nullable
    Envelope readEnvelope(byte @Nullable [] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode root = readTree(value);
            String id = text(root, "id");
            if (!dev.orchestrator.job.JobOptions.isValidId(id)) {
                return null;
            }
            return new Envelope(
                    id,
                    text(root, "type"),
                    text(root, "origin"),
                    root.path("home").asInt(-1));
        } catch (UnreadableRecordException ex) {
            return null;
        }
    }

    TakenJob readJob(byte[] value) {
        JsonNode root = readTree(value);
        String typeName = text(root, "type");
        Class<? extends BaseJob> type = jobTypes.apply(typeName);
        if (type == null) {
            throw new UnreadableRecordException("job type '" + shorten(typeName)
                    + "' is not on the allow-list (the job types of registered executors and"
                    + " orchestrator.cluster.allowed-types)");
        }
        JsonNode jobNode = root.get("job");
        if (jobNode == null || !jobNode.isObject()) {
            throw new UnreadableRecordException("no job object");
        }
        BaseJob job;
        try {
            job = mapper.treeToValue(jobNode, type);
        } catch (JacksonException | IllegalArgumentException ex) {
            throw new UnreadableRecordException(
                    "job of type " + type.getName() + " cannot be read: " + message(ex), ex);
        }
        if (job == null || !job.id().equals(text(root, "id"))) {
            throw new UnreadableRecordException("the job's id does not match the record's");
        }
        try {
            JsonNode timeout = root.get("timeout");
            return new TakenJob(
                    new JobTicket(
                            job,
                            text(root, "bus"),
                            text(root, "origin"),
                            timeout == null || timeout.isNull() ? null : Duration.parse(timeout.asString()),
                            readPolicy(root.get("retry")),
                            Instant.parse(text(root, "dispatchedAt")),
                            root.path("depth").asInt(0)),
                    root.path("home").asInt(-1));
        } catch (RuntimeException ex) {
            if (ex instanceof UnreadableRecordException unreadable) {
                throw unreadable;
            }
            throw new UnreadableRecordException("bad job record: " + message(ex), ex);
        }
    }

    private ObjectNode writePolicy(RetryPolicy policy, BaseJob job) {
        if (policy.shouldRetry().isPresent()) {
            throw new IllegalArgumentException("Job " + job.logName() + " has a retry policy with a shouldRetry"
                    + " predicate, which cannot travel to another instance (it is code); use retryOn and ignore"
                    + " (or orchestrator.jobs.<Job>.retry.retry-on/ignore) in cluster mode");
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("maxRetries", policy.maxRetries());
        node.put("baseDelay", policy.baseDelay().toString());
        node.put("maxDelay", policy.maxDelay().toString());
        node.put("exponentialBackoff", policy.exponentialBackoff());
        node.put("jitter", policy.jitter());
        policy.retryOn().forEach(type -> node.withArray("retryOn").add(type.getName()));
        policy.ignore().forEach(type -> node.withArray("ignore").add(type.getName()));
        return node;
    }

    private RetryPolicy readPolicy(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new UnreadableRecordException("no retry policy");
        }
        return RetryPolicy.custom()
                .maxRetries(node.path("maxRetries").asInt(0))
                .baseDelay(Duration.parse(text(node, "baseDelay")))
                .maxDelay(Duration.parse(text(node, "maxDelay")))
                .exponentialBackoff(node.path("exponentialBackoff").asBoolean(true))
                .jitter(node.path("jitter").asDouble(0.0))
                .retryOn(throwables(node.get("retryOn")))
                .ignore(throwables(node.get("ignore")))
                .build();
    }

    private List<Class<? extends Throwable>> throwables(@Nullable JsonNode names) {
        List<Class<? extends Throwable>> types = new ArrayList<>();
        if (names == null) {
            return types;
        }
        for (JsonNode name : names) {
            String className = name.asString();
            try {
                // loaded, not initialized: no static code runs for a name read from a record
                Class<?> type = Class.forName(className, false, loader);
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new UnreadableRecordException(
                            "retry policy names " + shorten(className) + ", which is no exception class");
                }
                types.add(type.asSubclass(Throwable.class));
            } catch (ClassNotFoundException | LinkageError ex) {
                throw new UnreadableRecordException("retry policy names an unknown class " + shorten(className), ex);
            }
        }
        return types;
    }

    // ---- job events

    /** An event of a job, read back, with what the envelope says about it. */
    record JobEventRecord(JobEvent event, String origin, String instance, int attempt) {}

    byte[] writeEvent(JobEvent event, String origin, String instance, int attempt) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("job", event.correlationId());
        root.put("type", event.jobType().getName());
        root.put("origin", origin);
        root.put("instance", instance);
        root.put("attempt", attempt);
        root.put("depth", event.chainDepth());
        if (event instanceof JobStartedEvent) {
            root.put("kind", "started");
        } else if (event instanceof JobProgressEvent progress) {
            root.put("kind", "progress");
            root.put("progress", progress.progress());
            progress.message().ifPresent(message -> root.put("message", message));
            progress.currentStep().ifPresent(step -> root.put("step", step));
            progress.totalSteps().ifPresent(steps -> root.put("steps", steps));
        } else if (event instanceof JobRetryingEvent retrying) {
            root.put("kind", "retrying");
            root.put("failedAttempt", retrying.attempt());
            root.put("maxAttempts", retrying.maxAttempts());
            root.put("delay", retrying.delayBeforeRetry().toString());
            root.set("error", writeError(retrying.lastError()));
        } else if (event instanceof JobTimeoutEvent timeout) {
            root.put("kind", "timeout");
            root.put("timeout", timeout.timeout().toString());
        } else if (event instanceof JobSuccessEvent success) {
            root.put("kind", "success");
            Object data = success.data();
            if (data != null) {
                root.set("data", mapper.valueToTree(data)); // a JacksonException is the caller's to handle
            }
        } else if (event instanceof JobFailureEvent failure) {
            root.put("kind", "failure");
            root.put("attempts", failure.attempts());
            root.set("error", writeError(failure.error()));
        } else {
            root.put("kind", "cancelled");
        }
        return mapper.writeValueAsBytes(root);
    }

    /**
     * Reads a job event addressed to {@code self}; {@code null} for an event of another instance's
     * job (instances may share a partition), which is not read further: its job type need not be on
     * this instance's allow-list.
     */
    @Nullable
    /**
     * Writes the failure ending of a job this instance could not read, by its type's name (the
     * instance that dispatched it knows the type).
     */
    byte[] writeUnreadableFailure(Envelope envelope, String instance, String why) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("job", envelope.jobId());
        root.put("type", envelope.typeName());
        root.put("origin", envelope.origin());
        root.put("instance", instance);
        root.put("attempt", 0);
        root.put("depth", 0);
        root.put("kind", "failure");
        root.put("attempts", 1);
        ObjectNode error = root.putObject("error");
        error.put("type", IllegalArgumentException.class.getName());
        error.put("message", shortenMessage(why));
        return mapper.writeValueAsBytes(root);
    }

    /**
     * Reads a job event addressed to {@code self}; {@code null} for an event of another instance's
     * job (instances may share a partition), which is not read further: its job type need not be on
     * this instance's allow-list.
     */
    @Nullable
    JobEventRecord readEvent(byte[] value, String self) {
        JsonNode root = readTree(value);
        if (!text(root, "origin").equals(self)) {
            return null;
        }
        String id = text(root, "job");
        String typeName = text(root, "type");
        Class<? extends BaseJob> type = jobTypes.apply(typeName);
        if (type == null) {
            throw new UnreadableRecordException("job type '" + shorten(typeName) + "' is not on the allow-list");
        }
        int previous = EventChain.enter(Math.max(0, root.path("depth").asInt(0)));
        try {
            JobEvent event = switch (text(root, "kind")) {
                case "started" -> new JobStartedEvent(id, type);
                case "progress" ->
                    new JobProgressEvent(
                            id,
                            type,
                            root.path("progress").asDouble(0.0),
                            root.hasNonNull("message") ? root.get("message").asString() : null,
                            root.hasNonNull("step") ? root.get("step").asInt() : null,
                            root.hasNonNull("steps") ? root.get("steps").asInt() : null);
                case "retrying" ->
                    new JobRetryingEvent(
                            id,
                            type,
                            root.path("failedAttempt").asInt(),
                            root.path("maxAttempts").asInt(),
                            readError(root.get("error")),
                            Duration.parse(text(root, "delay")));
                case "timeout" -> new JobTimeoutEvent(id, type, Duration.parse(text(root, "timeout")));
                case "success" -> success(id, type, root);
                case "failure" ->
                    new JobFailureEvent(
                            id,
                            type,
                            readError(root.get("error")),
                            root.path("attempts").asInt(1));
                case "cancelled" -> new JobCancelledEvent(id, type);
                default -> throw new UnreadableRecordException("unknown event kind");
            };
            return new JobEventRecord(
                    event,
                    text(root, "origin"),
                    text(root, "instance"),
                    Math.max(0, root.path("attempt").asInt(0)));
        } catch (UnreadableRecordException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new UnreadableRecordException("bad job event: " + message(ex), ex);
        } finally {
            EventChain.restore(previous);
        }
    }

    /**
     * A success, or, when its result cannot be read here as the executor's result type (another
     * version of the class, say), a failure that says so: the job ends either way.
     */
    private JobEvent success(String id, Class<? extends BaseJob> type, JsonNode root) {
        try {
            return new JobSuccessEvent(id, type, readData(root.get("data"), type));
        } catch (JacksonException | IllegalArgumentException ex) {
            return new JobFailureEvent(
                    id,
                    type,
                    new RemoteJobException(
                            IllegalArgumentException.class.getName(),
                            "the job succeeded, but its result cannot be read here as "
                                    + resultTypes.apply(type).getName() + ": " + message(ex)),
                    Math.max(1, root.path("attempt").asInt(1)));
        }
    }

    private @Nullable Object readData(@Nullable JsonNode data, Class<? extends BaseJob> type) {
        if (data == null || data.isNull()) {
            return null;
        }
        return mapper.treeToValue(data, resultTypes.apply(type));
    }

    private ObjectNode writeError(Throwable error) {
        ObjectNode node = mapper.createObjectNode();
        String message;
        if (error instanceof RemoteJobException remote) { // failed elsewhere and passed on: keep the original
            node.put("type", remote.remoteType());
            message = remote.remoteMessage();
        } else {
            node.put("type", error.getClass().getName());
            message = error.getMessage();
        }
        node.put("message", message == null ? "" : shortenMessage(message));
        return node;
    }

    private static Throwable readError(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new UnreadableRecordException("no error");
        }
        String type = text(node, "type");
        String message = node.path("message").asString("");
        if (type.equals(TimeoutException.class.getName())) {
            return new TimeoutException(message); // a handle of a timed-out job fails as in one JVM
        }
        return new RemoteJobException(type, message);
    }

    // ---- shared application events

    byte[] writeShared(BaseEvent event, String origin) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("type", event.getClass().getName());
        root.put("origin", origin);
        root.put("depth", event.chainDepth());
        root.set("event", mapper.valueToTree(event));
        return mapper.writeValueAsBytes(root);
    }

    /** A shared event read back and who published it. */
    record SharedEventRecord(BaseEvent event, String origin) {}

    SharedEventRecord readShared(byte[] value) {
        JsonNode root = readTree(value);
        String typeName = text(root, "type");
        Class<? extends BaseEvent> type = sharedTypes.get(typeName);
        if (type == null) {
            throw new UnreadableRecordException("event type '" + shorten(typeName)
                    + "' is not on the allow-list (orchestrator.cluster.shared-events)");
        }
        JsonNode eventNode = root.get("event");
        if (eventNode == null || !eventNode.isObject()) {
            throw new UnreadableRecordException("no event object");
        }
        int previous = EventChain.enter(Math.max(0, root.path("depth").asInt(0)));
        try {
            BaseEvent event = mapper.treeToValue(eventNode, type);
            if (event == null) {
                throw new UnreadableRecordException("null event");
            }
            return new SharedEventRecord(event, text(root, "origin"));
        } catch (JacksonException | IllegalArgumentException ex) {
            throw new UnreadableRecordException(
                    "event of type " + type.getName() + " cannot be read: " + message(ex), ex);
        } finally {
            EventChain.restore(previous);
        }
    }

    // ---- cancels

    byte[] writeCancel(String jobId, String by, Instant at) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", VERSION);
        root.put("job", jobId);
        root.put("by", by);
        root.put("at", at.toString());
        return mapper.writeValueAsBytes(root);
    }

    /** When a cancel was asked for. */
    Instant readCancel(byte[] value) {
        JsonNode root = readTree(value);
        try {
            return Instant.parse(text(root, "at"));
        } catch (RuntimeException ex) {
            throw new UnreadableRecordException("bad cancel: " + message(ex), ex);
        }
    }

    // ---- helpers

    private JsonNode readTree(byte[] value) {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JacksonException ex) {
            throw new UnreadableRecordException("not JSON: " + message(ex), ex);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableRecordException("not a JSON object");
        }
        if (root.path("v").asInt(-1) != VERSION) {
            throw new UnreadableRecordException("unknown format version "
                    + shorten(root.path("v").toString()) + " (this instance reads version " + VERSION + ")");
        }
        return root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new UnreadableRecordException("missing or non-text field '" + field + "'");
        }
        return value.asString();
    }

    private static String message(Throwable ex) {
        String message = ex instanceof JacksonException jackson ? jackson.getOriginalMessage() : ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : shortenMessage(message);
    }

    static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static String shortenMessage(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }
}
