package dev.orchestrator.orchestration;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobRetryingEvent;

/**
 * Sees every job lifecycle change, emitted event, circuit-breaker trip and handler failure that a
 * {@link JobRegistry} records: the SPI for metrics and other monitoring, without any monitoring
 * library in the core. Register with {@link JobRegistry#addObserver(OrchestratorObserver)}.
 *
 * <p>Methods are called synchronously on the thread where the change happens (worker, timer,
 * delivery or emitting thread), possibly concurrently: implementations must be thread-safe and
 * fast. For one job, {@code jobStarted} happens before any {@code jobRetrying}, which happen before
 * {@code jobFinished}; {@code jobFinished} is called exactly once per job, also for jobs cancelled
 * before they started. A job's {@code jobFinished} comes before the {@code eventEmitted} of its
 * terminal event (the job is recorded as finished before its terminal event is emitted). Exceptions
 * are logged and ignored. Every method does nothing by default.
 *
 * <p>Job callbacks run while the engine holds that job's lock: an observer must not call back into
 * the dispatcher synchronously (dispatch, cancel) or wait for another job from a callback; hand such
 * work to another thread.
 */
public interface OrchestratorObserver {

    /**
     * A job's first attempt started.
     *
     * @param job the job as it is now
     */
    default void jobStarted(JobSnapshot job) {}

    /**
     * An attempt failed and the job will run again after a wait.
     *
     * @param job the job as it is now
     * @param event the event announcing the retry
     */
    default void jobRetrying(JobSnapshot job, JobRetryingEvent event) {}

    /**
     * A job ended.
     *
     * @param job how it ended
     */
    default void jobFinished(FinishedJob job) {}

    /**
     * An event was emitted on a bus the registry tracks.
     *
     * @param bus the bus
     * @param event the event
     */
    default void eventEmitted(SignalBus bus, BaseEvent event) {}

    /**
     * A bus the registry tracked was closed: nothing more is emitted on it. Meters kept per bus can
     * be removed here.
     *
     * @param bus the closed bus
     */
    default void busClosed(SignalBus bus) {}

    /**
     * An orchestrator's circuit breaker tripped.
     *
     * @param trip the trip
     */
    default void circuitBreakerTripped(CircuitBreakerTrip trip) {}

    /**
     * An orchestrator's handler threw; the error was isolated.
     *
     * @param orchestrator the orchestrator's name
     * @param event the event being handled
     * @param error what the handler threw
     */
    default void handlerFailed(String orchestrator, BaseEvent event, Throwable error) {}
}
