package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.JobInterceptor;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Makes the dispatching thread's SLF4J MDC visible inside {@code process}, for every attempt
 * (retries included), and restores the worker's own MDC afterwards. Stateless and thread-safe.
 * Replace it by declaring your own bean of this type.
 */
public final class MdcJobInterceptor implements JobInterceptor {

    /** Creates the interceptor. */
    public MdcJobInterceptor() {}

    @Override
    public Interception onDispatch(BaseJob job) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        if (captured == null || captured.isEmpty()) {
            return Interception.NONE;
        }
        return attempt -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            captured.forEach(MDC::put); // added to what the worker has (tracing may have set its own ids)
            try {
                return attempt.call();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    }
}
