/**
 * The seam between the engine and a cluster transport: what a dispatcher in cluster mode hands over
 * ({@link dev.orchestrator.cluster.JobTicket}), what it asks of the transport
 * ({@link dev.orchestrator.cluster.JobTransport}: send a job, cancel by id) and what the transport
 * hands back ({@link dev.orchestrator.cluster.ClusterHome}: the events of jobs this instance
 * dispatched). The engine knows nothing else of the cluster; the Kafka module
 * ({@code orchestrator-kafka}) implements the transport, and another one (a database queue) would
 * need no change here.
 */
@NullMarked
package dev.orchestrator.cluster;

import org.jspecify.annotations.NullMarked;
