package dev.orchestrator.sample.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A board keeps every job that has not ended; only the oldest ended ones make room. In cluster mode
 * a job's view keeps the last instance known to run it.
 */
class JobsStateTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static JobView queued(int n) {
        return JobView.queued("job-" + n, JobKind.UPLOAD, "upload " + n, NOW);
    }

    @Test
    void aRunningJobStaysListedWhateverNumberOfNewerJobsEnd() {
        JobsState state = JobsState.empty(JobKind.UPLOAD).add(queued(0).started());
        for (int n = 1; n <= 3 * JobsState.CAPACITY; n++) {
            state = state.add(queued(n).started().succeeded("done", NOW));
        }

        assertThat(state.find("job-0"))
                .hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobView.Status.RUNNING));
        assertThat(state.jobs()).hasSize(JobsState.CAPACITY);
        assertThat(state.jobs().get(0).id()).isEqualTo("job-" + 3 * JobsState.CAPACITY);
        assertThat(state.jobs().get(JobsState.CAPACITY - 1).id()).isEqualTo("job-0");
    }

    @Test
    void moreRunningJobsThanTheCapacityAreAllKeptAndTrimmedOnceTheyEnd() {
        JobsState state = JobsState.empty(JobKind.UPLOAD);
        for (int n = 0; n < JobsState.CAPACITY + 5; n++) {
            state = state.add(queued(n));
        }
        assertThat(state.jobs()).hasSize(JobsState.CAPACITY + 5);

        for (int n = 0; n < 5; n++) {
            state = state.update("job-" + n, job -> job.started().succeeded("done", NOW));
        }

        assertThat(state.jobs()).hasSize(JobsState.CAPACITY);
        assertThat(state.jobs()).noneMatch(job -> job.status().isFinished());
    }

    @Test
    void aJobNamesTheLastInstanceKnownToRunItEvenAfterItEnded() {
        JobView job = queued(1);
        assertThat(job.instance()).isNull();

        job = job.started().ranOn("sample-8081");
        assertThat(job.instance()).isEqualTo("sample-8081");
        job = job.ranOn("sample-8080"); // handed back by a stopping instance, taken by the other
        assertThat(job.instance()).isEqualTo("sample-8080");
        job = job.succeeded("done", NOW).ranOn(null); // the dispatcher forgets where an ended job ran

        assertThat(job.instance()).isEqualTo("sample-8080");
        assertThat(job.status()).isEqualTo(JobView.Status.SUCCEEDED);
        assertThat(job.ranOn("sample-8080")).isSameAs(job);
    }
}
