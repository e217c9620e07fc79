package dev.orchestrator.spring.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.retry.RetryPolicy;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.module.SimpleModule;

/**
 * Lets the Jackson that Spring Boot configures write and read jobs (and application events, which
 * cluster mode shares between instances) as plain data, with no code in the job classes: a job's own final fields, and the base fields every job has (its id, timeout,
 * metadata and retry policy). The cancellation token is a runtime handle, not data: it is never
 * written, and a job read back has none. A retry policy's {@code shouldRetry} predicate is code, not
 * data: a policy that has one is refused with a clear error (its {@code retryOn} and {@code ignore}
 * classes are data and are written).
 *
 * <p>A job class reads back through its constructor when the parameter names match its fields
 * (Spring Boot compiles with {@code -parameters}), or through its fields. The starter registers this
 * module as a bean, so Boot's {@code JsonMapper} has it; add it to a mapper of your own with
 * {@code JsonMapper.builder().addModule(new OrchestratorJacksonModule())}.
 */
public final class OrchestratorJacksonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** Creates the module. */
    public OrchestratorJacksonModule() {
        super("orchestrator-jobs");
        setMixInAnnotation(BaseJob.class, BaseJobMixIn.class);
        setMixInAnnotation(BaseEvent.class, BaseEventMixIn.class);
        addSerializer(RetryPolicy.class, new RetryPolicySerializer());
        addDeserializer(RetryPolicy.class, new RetryPolicyDeserializer());
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new JobCreators());
    }

    /**
     * A job class's constructor is its creator when it is the only public one, one parameter or many:
     * Jackson alone cannot tell whether a one-parameter constructor takes the whole JSON value or one
     * property of it, and a job is always an object of properties.
     */
    static final class JobCreators extends NopAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonCreator.@Nullable Mode findCreatorAnnotation(MapperConfig<?> config, Annotated annotated) {
            if (annotated instanceof AnnotatedConstructor constructor
                    && (BaseJob.class.isAssignableFrom(constructor.getDeclaringClass())
                            || BaseEvent.class.isAssignableFrom(constructor.getDeclaringClass()))
                    && constructor.getParameterCount() > 0
                    && Modifier.isPublic(constructor.getModifiers())
                    && publicConstructors(constructor.getDeclaringClass()) == 1) {
                return JsonCreator.Mode.PROPERTIES;
            }
            return null;
        }

        private static long publicConstructors(Class<?> type) {
            return java.util.Arrays.stream(type.getConstructors()).count();
        }
    }

    /** Jobs are read and written through their fields; accessors such as {@code id()} are no getters. */
    @JsonAutoDetect(
            fieldVisibility = JsonAutoDetect.Visibility.ANY,
            getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    abstract static class BaseJobMixIn {
        // Named explicitly: a job reads back through its own constructor, which does not take these;
        // Jackson then sets them on the base class's fields.
        @JsonProperty("id")
        @JsonDeserialize(using = JobIdDeserializer.class)
        private @Nullable String id;

        @JsonProperty("timeout")
        private @Nullable Duration timeout;

        @JsonProperty("retryPolicy")
        private @Nullable RetryPolicy retryPolicy;

        @JsonProperty("metadata")
        @JsonDeserialize(using = MetadataDeserializer.class)
        private @Nullable Map<String, Object> metadata;

        @JsonIgnore
        private @Nullable CancellationToken cancellationToken;
    }

    /**
     * Application events (shared between the instances of a cluster) are read and written through
     * their fields too: their own, and the correlation id, time and chain depth every event has.
     */
    @JsonAutoDetect(
            fieldVisibility = JsonAutoDetect.Visibility.ANY,
            getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    abstract static class BaseEventMixIn {
        @JsonProperty("correlationId")
        private @Nullable String correlationId;

        @JsonProperty("timestamp")
        private @Nullable Instant timestamp;

        @JsonProperty("chainDepth")
        private int chainDepth;
    }

    /** A job read back keeps the id rule of a job built in code: a bad or missing id fails the read. */
    static final class JobIdDeserializer extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String id = parser.getValueAsString();
            if (!JobOptions.isValidId(id)) {
                throw MismatchedInputException.from(
                        parser,
                        String.class,
                        "Invalid job id " + (id == null ? "null" : "'" + shorten(id) + "'") + ": 1 to "
                                + JobOptions.MAX_ID_LENGTH + " characters, each an ASCII letter or digit or one of"
                                + " . _ - :");
            }
            return id;
        }

        @Override
        public String getNullValue(DeserializationContext context) {
            throw MismatchedInputException.from(
                    context.getParser(), String.class, "Invalid job id null: a job read back needs its id");
        }

        private static String shorten(String id) {
            return id.length() <= 60 ? id : id.substring(0, 60) + "…";
        }
    }

    /** Metadata read back is unmodifiable, as a job's metadata built in code is. */
    static final class MetadataDeserializer extends ValueDeserializer<Map<String, Object>> {
        @Override
        public Map<String, Object> deserialize(JsonParser parser, DeserializationContext context) {
            Map<String, Object> read = context.readValue(
                    parser, context.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
            return Collections.unmodifiableMap(new LinkedHashMap<>(read));
        }

        @Override
        public Map<String, Object> getNullValue(DeserializationContext context) {
            return Map.of();
        }
    }

    static final class RetryPolicySerializer extends ValueSerializer<RetryPolicy> {
        @Override
        public void serialize(RetryPolicy policy, JsonGenerator json, SerializationContext context) {
            if (policy.shouldRetry().isPresent()) {
                // code is no data: a job read back would retry what the predicate refused, such as a 401
                context.reportBadDefinition(
                        RetryPolicy.class,
                        "A retry policy with a shouldRetry predicate cannot be written as JSON: the predicate is"
                                + " code, and a job read back would retry what it refuses; use retryOn and ignore"
                                + " (or orchestrator.jobs.<Job>.retry.retry-on/ignore) instead");
            }
            json.writeStartObject();
            json.writeNumberProperty("maxRetries", policy.maxRetries());
            json.writeStringProperty("baseDelay", policy.baseDelay().toString());
            json.writeStringProperty("maxDelay", policy.maxDelay().toString());
            json.writeBooleanProperty("exponentialBackoff", policy.exponentialBackoff());
            json.writeNumberProperty("jitter", policy.jitter());
            writeClasses(json, "retryOn", policy.retryOn());
            writeClasses(json, "ignore", policy.ignore());
            json.writeEndObject();
        }

        private static void writeClasses(JsonGenerator json, String name, List<Class<? extends Throwable>> types) {
            json.writeArrayPropertyStart(name);
            for (Class<? extends Throwable> type : types) {
                json.writeString(type.getName());
            }
            json.writeEndArray();
        }
    }

    static final class RetryPolicyDeserializer extends ValueDeserializer<RetryPolicy> {
        @Override
        public RetryPolicy deserialize(JsonParser parser, DeserializationContext context) {
            JsonNode node = context.readTree(parser);
            RetryPolicy.Builder policy = RetryPolicy.custom();
            try {
                if (node.has("maxRetries")) {
                    policy.maxRetries(node.get("maxRetries").asInt());
                }
                if (node.has("baseDelay")) {
                    policy.baseDelay(Duration.parse(node.get("baseDelay").asString()));
                }
                if (node.has("maxDelay")) {
                    policy.maxDelay(Duration.parse(node.get("maxDelay").asString()));
                }
                if (node.has("exponentialBackoff")) {
                    policy.exponentialBackoff(node.get("exponentialBackoff").asBoolean());
                }
                if (node.has("jitter")) {
                    policy.jitter(node.get("jitter").asDouble());
                }
                policy.retryOn(classes(node, "retryOn", parser));
                policy.ignore(classes(node, "ignore", parser));
                return policy.build();
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException ex) {
                throw MismatchedInputException.from(
                        parser, RetryPolicy.class, "Invalid retry policy " + node + ": " + ex.getMessage());
            }
        }

        private static List<Class<? extends Throwable>> classes(JsonNode node, String name, JsonParser parser) {
            List<Class<? extends Throwable>> types = new ArrayList<>();
            JsonNode names = node.get(name);
            if (names == null) {
                return types;
            }
            for (JsonNode element : names) {
                String className = element.asString();
                try {
                    Class<?> type = org.springframework.util.ClassUtils.forName(className, null);
                    if (!Throwable.class.isAssignableFrom(type)) {
                        throw MismatchedInputException.from(
                                parser, RetryPolicy.class, name + " must name exception classes, was " + className);
                    }
                    types.add(type.asSubclass(Throwable.class));
                } catch (ClassNotFoundException | LinkageError ex) {
                    throw MismatchedInputException.from(
                            parser, RetryPolicy.class, name + " names no class on the class path: " + className);
                }
            }
            return types;
        }
    }
}
