/**
 * Cluster mode on Apache Kafka: {@link dev.orchestrator.kafka.KafkaJobTransport} carries jobs through
 * a Kafka share group, brings each job's events back to the instance that dispatched it, shares the
 * application events marked as shared, and cancels jobs by id on every instance. The Spring Boot
 * starter configures it from {@code orchestrator.cluster.*}; see the README's "Cluster mode" section
 * for the design decisions and their guarantees.
 */
@NullMarked
package dev.orchestrator.kafka;

import org.jspecify.annotations.NullMarked;
