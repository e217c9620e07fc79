package dev.orchestrator.readme;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import java.util.concurrent.TimeUnit;

/** The README's "Working with jobs from application code" example, compiled and run by {@link ReadmeApplicationCodeTest}. */
final class ReadmeApplicationCode {

    private ReadmeApplicationCode() {}

    // tag::example[]
    public static final class ReportJob extends BaseJob {
        private final String month;

        public ReportJob(String month) {
            this.month = month;
        }

        public String month() {
            return month;
        }
    }

    public record Report(String month, int pages) {}

    static final class ReportExecutor extends BaseExecutor<ReportJob> {
        @Override
        public Class<?> resultType() { // handles and success events carry a Report
            return Report.class;
        }

        @Override
        protected Object process(ReportJob job) {
            int attempt = context(job).attempt(); // 1 for the first attempt, 2 for the first retry, ...
            return new Report(job.month(), 10 + attempt);
        }
    }

    public static final class UserLoggedInEvent extends BaseEvent {
        public UserLoggedInEvent(String user) {
            super(user);
        }
    }

    /** Lives on its own scoped bus, and hears logins on the global one. */
    static final class AuditOrchestrator extends BaseOrchestrator<Integer> {
        AuditOrchestrator(Dispatcher dispatcher, SignalBus auditBus, SignalBus globalBus) {
            super(0, dispatcher, auditBus);
            listenTo(globalBus, UserLoggedInEvent.class); // to onPassiveEvent, one at a time, until close()
            start();
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (event instanceof UserLoggedInEvent) {
                updateState(logins -> logins + 1); // atomic read-modify-write
            }
        }

        void reset() { // called from a request thread: safe, no synchronized needed
            updateState(logins -> 0);
        }
    }

    static Report run(Dispatcher dispatcher) throws Exception {
        dispatcher.register(new ReportExecutor());

        JobHandle<Report> handle = dispatcher.submit(new ReportJob("2026-11"), dispatcher.defaultBus(), Report.class);
        // anywhere else, by id: status, progress, attempt, and the result
        JobHandle<Object> found = dispatcher.job(handle.id()).orElseThrow();
        found.result().thenAccept(result -> System.out.println("report ready: " + result));

        return handle.result().get(10, TimeUnit.SECONDS); // Report[month=2026-11, pages=11]
    }
    // end::example[]
}
