package dev.orchestrator.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * A lifecycle whose stop is a graceful shutdown, the way Spring Boot 4 stops its web server
 * ({@code WebServerGracefulShutdownLifecycle}): the orchestrator's engine ({@link
 * OrchestratorLifecycle}) and, in cluster mode, the taking of jobs from the cluster.
 *
 * <ul>
 *   <li>{@link #stop(Runnable)} returns at once: the shutdown runs on a thread of its own, and the
 *       callback runs once it is over. Spring waits for the callback before it stops the next
 *       (lower) phase and before it destroys beans.
 *   <li>Spring waits for a phase at most {@code spring.lifecycle.timeout-per-shutdown-phase}
 *       (Boot's default 30 s). So that it never goes on while the shutdown still runs, the first
 *       {@link #start()} raises the timeout of this lifecycle's phase (never lowers it) to what the
 *       shutdown may take, {@link #longestShutdown()} plus {@link #SLACK}, when the context's
 *       lifecycle processor is a {@link DefaultLifecycleProcessor}.
 *   <li>It is not {@linkplain #isPauseable() pauseable}: pausing the context ({@link
 *       org.springframework.context.ConfigurableApplicationContext#pause()}, which Spring's test
 *       framework does to cached contexts) and restarting it leave it running.
 *   <li>The shutdown runs once, when the context closes or is explicitly stopped ({@link
 *       org.springframework.context.ConfigurableApplicationContext#stop()}); what it shut down does
 *       not start again, so a {@link #start()} after it fails with an {@link
 *       IllegalStateException}.
 * </ul>
 *
 * <p>Thread-safe.
 */
public abstract class GracefulShutdownLifecycle implements SmartLifecycle, BeanFactoryAware {

    /** Added to {@link #longestShutdown()} for the work after the waits (cancelling, closing). */
    public static final Duration SLACK = Duration.ofSeconds(5);

    private static final Log logger = LogFactory.getLog(GracefulShutdownLifecycle.class);

    private final String name;
    private final int phase;
    private final Object monitor = new Object();
    private volatile boolean running;
    private boolean started; // guarded by monitor
    private @Nullable CompletableFuture<Void> shutdown; // guarded by monitor
    private @Nullable BeanFactory beanFactory;

    /**
     * Creates the lifecycle.
     *
     * @param name what it shuts down, in words (log lines, the shutdown thread's name), not {@code null}
     * @param phase its phase: higher phases start later and stop sooner
     */
    protected GracefulShutdownLifecycle(String name, int phase) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.phase = phase;
    }

    /** Starts what this lifecycle manages; called once, by the first {@link #start()}. */
    protected abstract void startUp();

    /**
     * Shuts down what this lifecycle manages, blocking until it is done; called once, on a thread
     * of its own. What it throws is logged.
     */
    protected abstract void shutDown();

    /** {@return how long {@link #shutDown()} may take when nothing is stuck: its grace periods and waits} */
    protected abstract Duration longestShutdown();

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * Starts what this lifecycle manages, the first time.
     *
     * @throws IllegalStateException after a stop: what it shut down does not start again
     */
    @Override
    public final void start() {
        synchronized (monitor) {
            if (shutdown != null) {
                throw new IllegalStateException("The " + name + " was shut down when the application context was"
                        + " stopped, and cannot start again. Pause the context instead"
                        + " (ConfigurableApplicationContext.pause() and restart()), which leaves it running,"
                        + " or create a new context.");
            }
            if (!started) {
                raiseShutdownPhaseTimeout();
                startUp();
                started = true;
            }
            running = true;
        }
    }

    /**
     * Begins the shutdown, if it has not begun yet, and returns at once; {@code callback} runs once
     * it is over (at once when it is over already).
     *
     * @param callback what Spring's lifecycle processor waits for, not {@code null}
     */
    @Override
    public final void stop(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        // the shutdown never fails (runShutdown logs what it throws): nothing to read from this future
        CompletableFuture<Void> unused = beginShutdown().whenComplete((done, error) -> callback.run());
    }

    /** Shuts down, if that has not begun yet, and waits until the shutdown is over. */
    @Override
    public final void stop() {
        beginShutdown().join();
    }

    private CompletableFuture<Void> beginShutdown() {
        synchronized (monitor) {
            running = false;
            CompletableFuture<Void> current = shutdown;
            if (current == null) {
                CompletableFuture<Void> created = new CompletableFuture<>();
                shutdown = created;
                Thread thread =
                        new Thread(() -> runShutdown(created), "orchestrator-shutdown-" + name.replace(' ', '-'));
                thread.start();
                current = created;
            }
            return current;
        }
    }

    private void runShutdown(CompletableFuture<Void> done) {
        try {
            shutDown();
        } catch (RuntimeException | Error ex) {
            logger.warn("Graceful shutdown of the " + name + " failed", ex);
        } finally {
            done.complete(null);
        }
    }

    /**
     * Lets Spring wait for this phase as long as the shutdown may take: Boot's
     * {@code spring.lifecycle.timeout-per-shutdown-phase} or more, never less.
     */
    private void raiseShutdownPhaseTimeout() {
        BeanFactory factory = beanFactory;
        if (factory == null
                || !factory.containsBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
                || !(factory.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
                        instanceof DefaultLifecycleProcessor processor)) {
            return;
        }
        LifecycleProperties properties =
                factory.getBeanProvider(LifecycleProperties.class).getIfAvailable();
        // without Boot's properties, the processor's own default applies to the other phases
        Duration general = properties != null ? properties.getTimeoutPerShutdownPhase() : Duration.ofSeconds(10);
        Duration needed = longestShutdown().plus(SLACK);
        Duration timeout = needed.compareTo(general) > 0 ? needed : general;
        processor.setTimeoutForShutdownPhase(phase, timeout.toMillis());
        if (needed.compareTo(general) > 0 && logger.isDebugEnabled()) {
            logger.debug("Shutdown phase " + phase + " (" + name + ") waits up to " + timeout
                    + ", longer than spring.lifecycle.timeout-per-shutdown-phase (" + general
                    + "), for its grace period");
        }
    }

    /** {@return whether it has started and not been stopped} */
    @Override
    public final boolean isRunning() {
        return running;
    }

    /** {@return {@code false}: a paused context leaves it running} */
    @Override
    public final boolean isPauseable() {
        return false;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
