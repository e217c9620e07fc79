/**
 * Cluster mode in the starter: {@code orchestrator.cluster.*} properties, the auto-configuration
 * that turns it on when {@code orchestrator-kafka} is present and
 * {@code orchestrator.cluster.enabled=true}, and the view the actuator endpoint, health and metrics
 * read ({@link dev.orchestrator.spring.cluster.ClusterView}).
 */
@NullMarked
package dev.orchestrator.spring.cluster;

import org.jspecify.annotations.NullMarked;
