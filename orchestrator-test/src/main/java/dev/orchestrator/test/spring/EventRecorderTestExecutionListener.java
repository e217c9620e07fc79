package dev.orchestrator.test.spring;

import dev.orchestrator.test.EventRecorder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Clears the context's {@link EventRecorder} beans before each test method (after letting what was
 * emitted before arrive), so that a cached context's recorder shows only the current test's events;
 * events of jobs the test before left running still arrive later. Registered through
 * {@code META-INF/spring.factories}; does nothing for a context without a recorder.
 */
public final class EventRecorderTestExecutionListener implements TestExecutionListener, Ordered {

    /** Creates the listener; Spring's test framework calls it. */
    public EventRecorderTestExecutionListener() {}

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        // what the test before emitted has arrived before it is forgotten, not during this test
        context.getBeanProvider(EventRecorder.class).forEach(recorder -> {
            if (recorder.bus().isPresent()) {
                recorder.awaitIdle();
            }
            recorder.clear();
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
