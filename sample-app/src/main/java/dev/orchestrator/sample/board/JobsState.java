package dev.orchestrator.sample.board;

import dev.orchestrator.sample.live.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state of a {@link JobBoardOrchestrator}: its most recent jobs, newest first. Immutable.
 *
 * @param kind the kind of job on this board
 * @param version counts the changes
 * @param jobs every job that has not ended and the most recent ended ones, newest first: at most
 *     {@value #CAPACITY} unless more than that are still running
 */
public record JobsState(String kind, long version, List<JobView> jobs) implements Versioned {

    /**
     * Jobs kept per board. Beyond it the oldest ended jobs are forgotten here (the job registry keeps
     * its own history); a job that has not ended is never dropped, so the page and the API can still
     * show and cancel it.
     */
    public static final int CAPACITY = 20;

    /** Makes the list unmodifiable. */
    public JobsState {
        jobs = List.copyOf(jobs);
    }

    static JobsState empty(JobKind kind) {
        return new JobsState(kind.id(), 0, List.of());
    }

    /**
     * @param id a job id
     * @return the job, if it is on this board
     */
    public Optional<JobView> find(String id) {
        return jobs.stream().filter(job -> job.id().equals(id)).findFirst();
    }

    /** @return the state with {@code job} added in front */
    JobsState add(JobView job) {
        List<JobView> list = new ArrayList<>(jobs.size() + 1);
        list.add(job);
        list.addAll(jobs);
        return new JobsState(kind, version + 1, trimmed(list));
    }

    /** Drops the oldest ended jobs while more than {@value #CAPACITY} are listed. */
    private static List<JobView> trimmed(List<JobView> list) {
        for (int i = list.size() - 1; i >= 0 && list.size() > CAPACITY; i--) {
            if (list.get(i).status().isFinished()) {
                list.remove(i);
            }
        }
        return list;
    }

    /** @return the state with job {@code id} changed; this state when the job is not here */
    JobsState update(String id, UnaryOperator<JobView> change) {
        List<JobView> list = new ArrayList<>(jobs);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                list.set(i, change.apply(list.get(i)));
                return new JobsState(kind, version + 1, trimmed(list));
            }
        }
        return this;
    }

    /** @return the state without job {@code id} */
    JobsState remove(String id) {
        List<JobView> list = new ArrayList<>(jobs);
        return list.removeIf(job -> job.id().equals(id)) ? new JobsState(kind, version + 1, list) : this;
    }
}
