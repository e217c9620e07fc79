package dev.orchestrator.spring.cluster;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.autoconfigure.OrchestratorProperties;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: with {@code orchestrator-kafka} on the class path and
 * {@code orchestrator.cluster.enabled=true}, the dispatcher hands its jobs to a
 * {@link KafkaJobTransport} configured from {@code orchestrator.cluster.*}, on the Kafka connection
 * of {@code spring.kafka.*} (Boot's {@link KafkaProperties}, {@link KafkaConnectionDetails} and
 * {@link KafkaAdmin}), writing JSON with Boot's {@link JsonMapper}. Setting the property without
 * the module fails startup (see {@link OrchestratorAutoConfiguration}).
 */
@AutoConfiguration(
        before = OrchestratorAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@ConditionalOnClass({KafkaJobTransport.class, KafkaAdmin.class, KafkaProperties.class, JsonMapper.class})
@ConditionalOnBooleanProperty("orchestrator.cluster.enabled")
@EnableConfigurationProperties(OrchestratorClusterProperties.class)
public final class OrchestratorClusterAutoConfiguration {

    private static final String PREFIX = "orchestrator.cluster.";

    /** Consumer settings a share consumer refuses: they belong to consumer groups. */
    private static final Set<String> NOT_FOR_SHARE_CONSUMERS = Set.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG);

    /** Creates the auto-configuration; called by Spring Boot when its conditions match. */
    public OrchestratorClusterAutoConfiguration() {}

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KafkaJobTransport orchestratorKafkaTransport(
            OrchestratorClusterProperties cluster,
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            KafkaAdmin admin,
            JsonMapper mapper,
            OrchestratorLogger logger,
            ConfigurableListableBeanFactory beanFactory) {
        ClassLoader loader = beanFactory.getBeanClassLoader();
        ClusterSettings settings = settings(cluster, loader != null ? loader : ClassUtils.getDefaultClassLoader());
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        applyConnection(producer, connection.getProducer());
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        applyConnection(consumer, connection.getConsumer());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG); // the inbox assigns partitions; it joins no group
        Map<String, Object> share = new HashMap<>(consumer);
        share.keySet().removeAll(NOT_FOR_SHARE_CONSUMERS);
        return new KafkaJobTransport(
                settings,
                mapper,
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()),
                new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
                new DefaultShareConsumerFactory<>(share, new StringDeserializer(), new ByteArrayDeserializer(), true),
                admin,
                logger);
    }

    /**
     * The connection as Spring Boot's own Kafka clients get it: bootstrap servers, security protocol
     * and SSL bundle from {@link KafkaConnectionDetails} (the rest came from {@code spring.kafka.*}).
     */
    private static void applyConnection(
            Map<String, Object> properties, KafkaConnectionDetails.Configuration connection) {
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        String protocol = connection.getSecurityProtocol();
        if (protocol != null) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        }
        SslBundle bundle = connection.getSslBundle();
        if (bundle != null) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            properties.put(SslBundle.class.getName(), bundle);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterView orchestratorClusterView(KafkaJobTransport transport, KafkaAdmin admin) {
        return new KafkaClusterView(transport, admin);
    }

    @Bean
    ClusterLifecycle orchestratorClusterLifecycle(
            KafkaJobTransport transport,
            Dispatcher dispatcher,
            @Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN) SignalBus globalBus,
            OrchestratorProperties properties) {
        return new ClusterLifecycle(
                transport, dispatcher, globalBus, properties.getShutdown().getGracePeriod());
    }

    /** Checks every property and builds the transport's settings; a bad value fails naming its property. */
    static ClusterSettings settings(OrchestratorClusterProperties cluster, @Nullable ClassLoader loader) {
        String instanceId = cluster.getInstanceId() != null ? cluster.getInstanceId() : generatedInstanceId();
        Set<Class<? extends BaseEvent>> shared = classes(
                cluster.getSharedEvents(),
                "shared-events",
                BaseEvent.class,
                loader,
                "application event classes (extending dev.orchestrator.event.BaseEvent, not job lifecycle events)");
        for (int i = 0; i < cluster.getSharedEvents().size(); i++) {
            String name = cluster.getSharedEvents().get(i);
            if (shared.stream()
                    .anyMatch(type -> type.getName().equals(name) && JobEvent.class.isAssignableFrom(type))) {
                throw OrchestratorConfigurationException.invalidProperty(
                        PREFIX + "shared-events[" + i + "]",
                        name,
                        "application event classes only: job lifecycle events come home to the instance that"
                                + " dispatched the job on their own");
            }
        }
        Set<Class<? extends BaseJob>> allowed = classes(
                cluster.getAllowedTypes(), "allowed-types", BaseJob.class, loader, "job classes (extending BaseJob)");
        long maxRecordSize = cluster.getMaxRecordSize().toBytes();
        try {
            return new ClusterSettings(
                    instanceId,
                    cluster.getTopicPrefix(),
                    cluster.getShareGroup(),
                    cluster.getPartitions(),
                    cluster.getReplication(),
                    cluster.getConcurrency(),
                    cluster.getMaxPollRecords(),
                    cluster.getDeliveryLimit(),
                    cluster.getLockRenewal(),
                    (int) Math.min(Integer.MAX_VALUE, maxRecordSize),
                    cluster.getCancelRetention(),
                    shared,
                    allowed);
        } catch (IllegalArgumentException ex) {
            String field = ex.getMessage() == null ? "" : ex.getMessage().split(" ", 2)[0];
            Map.Entry<String, Object> property = property(cluster, field, instanceId);
            String message = ex.getMessage() == null ? "" : ex.getMessage();
            String valid = message.contains(", was ") ? message.substring(0, message.lastIndexOf(", was ")) : message;
            throw OrchestratorConfigurationException.invalidProperty(
                    property.getKey(), property.getValue(), valid.replace(field + " ", ""));
        }
    }

    private static Map.Entry<String, Object> property(
            OrchestratorClusterProperties cluster, String field, String instanceId) {
        return switch (field) {
            case "instanceId" -> Map.entry(PREFIX + "instance-id", instanceId);
            case "topicPrefix" -> Map.entry(PREFIX + "topic-prefix", cluster.getTopicPrefix());
            case "shareGroup" -> Map.entry(PREFIX + "share-group", cluster.getShareGroup());
            case "partitions" -> Map.entry(PREFIX + "partitions", cluster.getPartitions());
            case "replication" -> Map.entry(PREFIX + "replication", cluster.getReplication());
            case "concurrency" -> Map.entry(PREFIX + "concurrency", cluster.getConcurrency());
            case "maxPollRecords" -> Map.entry(PREFIX + "max-poll-records", cluster.getMaxPollRecords());
            case "deliveryLimit" -> Map.entry(PREFIX + "delivery-limit", cluster.getDeliveryLimit());
            case "lockRenewal" -> Map.entry(PREFIX + "lock-renewal", cluster.getLockRenewal());
            case "maxRecordSize" -> Map.entry(PREFIX + "max-record-size", cluster.getMaxRecordSize());
            case "cancelRetention" -> Map.entry(PREFIX + "cancel-retention", cluster.getCancelRetention());
            default -> Map.entry(PREFIX.substring(0, PREFIX.length() - 1), field);
        };
    }

    private static <T> Set<Class<? extends T>> classes(
            List<String> names, String property, Class<T> base, @Nullable ClassLoader loader, String valid) {
        Set<Class<? extends T>> types = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            Class<?> type;
            try {
                type = ClassUtils.forName(name, loader);
            } catch (ClassNotFoundException | LinkageError ex) {
                throw OrchestratorConfigurationException.invalidProperty(
                        PREFIX + property + "[" + i + "]",
                        name,
                        "no class of that name is on the class path; " + valid);
            }
            if (!base.isAssignableFrom(type)) {
                throw OrchestratorConfigurationException.invalidProperty(
                        PREFIX + property + "[" + i + "]", name, valid);
            }
            types.add(type.asSubclass(base));
        }
        return types;
    }

    /** Host name, process id and a random suffix: unique per running instance, new at each start. */
    static String generatedInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception ex) {
            host = "instance";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
