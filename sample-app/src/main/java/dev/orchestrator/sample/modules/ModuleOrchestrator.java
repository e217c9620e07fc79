package dev.orchestrator.sample.modules;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator of one module, on the module's own scoped bus: its jobs' events never leave
 * that bus. Its state changes in the hooks only, which never run concurrently, so it needs no lock.
 */
public abstract class ModuleOrchestrator extends BaseOrchestrator<ModuleState> {

    /** Who each running job is for; written by intents, read by hooks. */
    private final Map<String, String> users = new ConcurrentHashMap<>();

    private final String activity;

    /**
     * @param module the module's name
     * @param activity what its job does, with {@code %s} for the user, e.g. "Loading the inbox of %s"
     * @param dispatcher runs the jobs
     * @param bus the module's scoped bus
     */
    protected ModuleOrchestrator(String module, String activity, Dispatcher dispatcher, SignalBus bus) {
        super(ModuleState.initial(module, "Waiting for a login"), dispatcher, bus);
        this.activity = activity;
    }

    /**
     * Dispatches a job for a user.
     *
     * @param job the job
     * @param user who it is for
     * @return the job's id
     */
    protected String run(BaseJob job, String user) {
        users.put(job.id(), user);
        try {
            return dispatch(job);
        } catch (RuntimeException ex) {
            users.remove(job.id());
            throw ex;
        }
    }

    /**
     * The module's job succeeded.
     *
     * @param user who it was for
     * @param event the success, with the job's result
     */
    protected abstract void onResult(@Nullable String user, JobSuccessEvent event);

    /**
     * Moves the state on.
     *
     * @param user the user it is about
     * @param status one line about where the module is
     * @param detail what it loaded, or {@code null}
     */
    protected void show(@Nullable String user, String status, @Nullable String detail) {
        emit(getState().next(user, status, detail));
    }

    @Override
    protected void onJobStarted(JobStartedEvent event) {
        String user = users.get(event.correlationId());
        show(user, String.format(activity, user) + "…", null);
    }

    @Override
    protected void onActiveSuccess(JobSuccessEvent event) {
        onResult(users.remove(event.correlationId()), event);
    }

    @Override
    protected void onActiveFailure(JobFailureEvent event) {
        show(users.remove(event.correlationId()), "Failed: " + event.error().getMessage(), null);
    }

    @Override
    protected void onActiveCancelled(JobCancelledEvent event) {
        show(users.remove(event.correlationId()), "Cancelled", null);
    }
}
