package dev.orchestrator.orchestration;

import dev.orchestrator.job.BaseJob;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Carries context from the thread that dispatches a job into every attempt of it, on whatever
 * worker thread the attempt runs: logging context (MDC), tracing, security. The Spring Boot
 * starter uses it to propagate the MDC and to run each attempt in a Micrometer {@code Observation}.
 *
 * <p>{@link #onDispatch} runs on the dispatching thread, inside {@link Dispatcher#dispatch}: capture
 * there what the attempts must see. The returned {@link Interception} then wraps every attempt of
 * that job on the worker thread. Implementations must be thread-safe. An exception thrown by
 * {@code onDispatch} makes the dispatch fail (nothing is registered); one thrown by
 * {@code around} fails the attempt like an exception of {@code process}.
 */
@FunctionalInterface
public interface JobInterceptor {

    /**
     * Captures context for one job, on the dispatching thread.
     *
     * @param job the job being dispatched
     * @return what wraps each attempt of the job; never {@code null}
     */
    Interception onDispatch(BaseJob job);

    /** Wraps one attempt of a job on its worker thread. */
    @FunctionalInterface
    interface Interception {

        /** Runs the attempt unchanged. */
        Interception NONE = Callable::call;

        /**
         * Runs the attempt, typically with captured context restored around it.
         *
         * @param attempt calls the executor's {@code process}; call it exactly once
         * @return what the attempt returned, which may be {@code null}
         * @throws Exception what the attempt threw
         */
        @Nullable
        Object around(Callable<@Nullable Object> attempt) throws Exception;
    }

    /**
     * Combines interceptors; the first one's interception is the outermost.
     *
     * @param interceptors the interceptors, in order
     * @return one interceptor that applies them all
     */
    static JobInterceptor composite(List<JobInterceptor> interceptors) {
        List<JobInterceptor> copy = List.copyOf(interceptors);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return job -> {
            Interception combined = Interception.NONE;
            for (int i = copy.size() - 1; i >= 0; i--) {
                Interception outer = copy.get(i).onDispatch(job);
                Interception inner = combined;
                combined = attempt -> outer.around(() -> inner.around(attempt));
            }
            return combined;
        };
    }
}
