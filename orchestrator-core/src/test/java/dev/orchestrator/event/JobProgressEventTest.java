package dev.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.job.BaseJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pins contract point 7 JobProgressEvent: progress clamped to 0..1, NaN rejected, optional message and steps validated. */
class JobProgressEventTest {

    static final class UploadJob extends BaseJob {}

    private static JobProgressEvent progress(double value) {
        return new JobProgressEvent("job", UploadJob.class, value, null, null, null);
    }

    @ParameterizedTest
    @CsvSource({
        "-0.5, 0.0",
        "1.5, 1.0",
        "0.0, 0.0",
        "1.0, 1.0",
        "0.25, 0.25",
        "-Infinity, 0.0",
        "Infinity, 1.0",
        "-0.0, 0.0"
    })
    void progressIsClampedToZeroToOne(double given, double expected) {
        assertThat(progress(given).progress()).isEqualTo(expected);
        assertThat(JobProgressEvent.clamp(given)).isEqualTo(expected);
    }

    @Test
    void nanProgressIsRejectedNamingIt() {
        assertThatThrownBy(() -> progress(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> JobProgressEvent.clamp(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress")
                .hasMessageContaining("NaN");
    }

    @Test
    void messageAndStepsAreOptional() {
        JobProgressEvent bare = progress(0.3);

        assertThat(bare.message()).isEmpty();
        assertThat(bare.currentStep()).isEmpty();
        assertThat(bare.totalSteps()).isEmpty();
        assertThat(bare).hasToString("JobProgressEvent[correlationId=job, jobType=UploadJob, progress=0.3]");
    }

    @Test
    void messageAndStepsAreKept() {
        JobProgressEvent event = new JobProgressEvent("job", UploadJob.class, 0.3, "Uploading part 3/10", 3, 10);

        assertThat(event.message()).contains("Uploading part 3/10");
        assertThat(event.currentStep()).hasValue(3);
        assertThat(event.totalSteps()).hasValue(10);
        assertThat(event)
                .hasToString("JobProgressEvent[correlationId=job, jobType=UploadJob, progress=0.3, "
                        + "message=Uploading part 3/10, currentStep=3, totalSteps=10]");
    }

    @Test
    void stepsMayRangeFromZeroToTotal() {
        assertThat(new JobProgressEvent("job", UploadJob.class, 0, null, 0, 1).currentStep())
                .hasValue(0);
        assertThat(new JobProgressEvent("job", UploadJob.class, 1, null, 1, 1).currentStep())
                .hasValue(1);
        assertThat(new JobProgressEvent("job", UploadJob.class, 1, null, 5, null).currentStep())
                .hasValue(5);
        assertThat(new JobProgressEvent("job", UploadJob.class, 1, null, null, 4).totalSteps())
                .hasValue(4);
    }

    @Test
    void totalStepsBelowOneIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new JobProgressEvent("job", UploadJob.class, 0.5, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalSteps")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new JobProgressEvent("job", UploadJob.class, 0.5, null, 0, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalSteps")
                .hasMessageContaining("-3");
    }

    @Test
    void negativeCurrentStepIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new JobProgressEvent("job", UploadJob.class, 0.5, null, -1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentStep")
                .hasMessageContaining("-1");
    }

    @Test
    void currentStepBeyondTotalStepsIsRejectedNamingBoth() {
        assertThatThrownBy(() -> new JobProgressEvent("job", UploadJob.class, 0.5, null, 11, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentStep")
                .hasMessageContaining("totalSteps")
                .hasMessageContaining("11")
                .hasMessageContaining("10");
    }
}
