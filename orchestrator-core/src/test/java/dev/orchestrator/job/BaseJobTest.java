package dev.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins BaseJob's constructors (DESIGN "Core concepts"): a unique generated id unless one is given, options reflected by the accessors. */
class BaseJobTest {

    static final class PlainJob extends BaseJob {
        PlainJob() {}

        PlainJob(String id) {
            super(id);
        }

        PlainJob(JobOptions options) {
            super(options);
        }
    }

    @Test
    void generatedIdsAreUnique() {
        int count = 50_000; // UUID generation costs ~10 µs here; a broken generator collides far sooner
        Set<String> ids = new HashSet<>(count * 2);

        for (int i = 0; i < count; i++) {
            ids.add((i % 2 == 0 ? new PlainJob() : new PlainJob(JobOptions.none())).id());
        }

        assertThat(ids).hasSize(count);
    }

    @Test
    void generatedIdIsAUuidAndStableForTheJob() {
        PlainJob job = new PlainJob();

        assertThat(UUID.fromString(job.id()).toString()).isEqualTo(job.id());
        assertThat(job.id()).isEqualTo(job.id());
    }

    @Test
    void givenIdIsKept() {
        assertThat(new PlainJob("order-17").id()).isEqualTo("order-17");
        assertThat(new PlainJob(JobOptions.builder().id("order-18").build()).id())
                .isEqualTo("order-18");
    }

    @Test
    void blankOrNullIdIsRejected() {
        assertThatThrownBy(() -> new PlainJob(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id")
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> new PlainJob((String) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("id");
    }

    @Test
    void nullOptionsAreRejectedNamingThem() {
        assertThatThrownBy(() -> new PlainJob((JobOptions) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("options");
    }

    @Test
    void jobWithoutOptionsHasNoTimeoutTokenRetryOrMetadata() {
        PlainJob job = new PlainJob();

        assertThat(job.timeout()).isEmpty();
        assertThat(job.cancellationToken()).isEmpty();
        assertThat(job.retryPolicy()).isEmpty();
        assertThat(job.metadata()).isEmpty();
    }

    @Test
    void optionsAreReflectedByTheJobsAccessors() {
        CancellationToken token = new CancellationToken();
        RetryPolicy policy = RetryPolicy.custom()
                .maxRetries(2)
                .baseDelay(Duration.ofMillis(5))
                .build();

        PlainJob job = new PlainJob(JobOptions.builder()
                .id("job-9")
                .timeout(Duration.ofMillis(750))
                .cancellationToken(token)
                .retryPolicy(policy)
                .metadata("tenant", "acme")
                .build());

        assertThat(job.id()).isEqualTo("job-9");
        assertThat(job.timeout()).contains(Duration.ofMillis(750));
        assertThat(job.cancellationToken()).containsSame(token);
        assertThat(job.retryPolicy()).containsSame(policy);
        assertThat(job.metadata()).containsOnly(Map.entry("tenant", "acme"));
    }

    @Test
    void jobMetadataIsUnmodifiable() {
        PlainJob job = new PlainJob(JobOptions.builder().metadata("k", "v").build());

        assertThatThrownBy(() -> job.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new PlainJob().metadata().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void oneOptionsObjectMayBuildManyJobsEachWithItsOwnGeneratedId() {
        JobOptions shared = JobOptions.builder().timeout(Duration.ofSeconds(1)).build();

        PlainJob first = new PlainJob(shared);
        PlainJob second = new PlainJob(shared);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.timeout()).isEqualTo(second.timeout());
    }

    @Test
    void toStringNamesTheClassAndId() {
        assertThat(new PlainJob("abc")).hasToString("PlainJob[id=abc]");
    }
}
