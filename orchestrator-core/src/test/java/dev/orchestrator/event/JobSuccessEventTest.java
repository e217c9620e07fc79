package dev.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrator.job.BaseJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins "safe data casting": JobSuccessEvent.dataAs never throws and returns an Optional. */
class JobSuccessEventTest {

    static final class FetchUserJob extends BaseJob {}

    record User(String name) {}

    private static JobSuccessEvent success(Object data) {
        return new JobSuccessEvent("job-1", FetchUserJob.class, data);
    }

    @Test
    void dataIsWhatProcessReturned() {
        User user = new User("ada");

        assertThat(success(user).data()).isSameAs(user);
        assertThat(success(null).data()).isNull();
    }

    @Test
    void withoutDataKeepsTheJobTypeAndTimeAndSaysTheResultWasDropped() {
        JobSuccessEvent full = success(new User("ada"));

        JobSuccessEvent light = full.withoutData();

        assertThat(light.correlationId()).isEqualTo("job-1");
        assertThat(light.jobType()).isEqualTo(FetchUserJob.class);
        assertThat(light.timestamp()).isEqualTo(full.timestamp());
        assertThat(light.isTerminal()).isTrue();
        assertThat(light.data()).isNull();
        assertThat(light.dataAs(User.class)).isEmpty();
        assertThat(light.isDataDropped()).isTrue();
        assertThat(full.isDataDropped()).isFalse();
        assertThat(light.withoutData()).isSameAs(light);
        assertThat(light).hasToString("JobSuccessEvent[correlationId=job-1, jobType=FetchUserJob, data dropped]");
    }

    @Test
    void dataAsTheExactTypeGivesTheValue() {
        User user = new User("ada");

        Optional<User> result = success(user).dataAs(User.class);

        assertThat(result).containsSame(user);
    }

    @Test
    void dataAsASupertypeOrInterfaceGivesTheValue() {
        List<String> names = new ArrayList<>(List.of("a", "b"));
        JobSuccessEvent event = success(names);

        assertThat(event.dataAs(List.class)).containsSame(names);
        assertThat(event.dataAs(Iterable.class)).containsSame(names);
        assertThat(event.dataAs(Object.class)).containsSame(names);
        assertThat(success(42).dataAs(Number.class)).contains(42);
    }

    @Test
    void dataAsAnotherTypeIsEmptyWithoutThrowing() {
        JobSuccessEvent event = success("not a user");

        assertThatCode(() -> event.dataAs(User.class)).doesNotThrowAnyException();
        assertThat(event.dataAs(User.class)).isEmpty();
        assertThat(event.dataAs(Integer.class)).isEmpty();
    }

    @Test
    void dataAsOnNullDataIsEmpty() {
        assertThat(success(null).dataAs(User.class)).isEmpty();
        assertThat(success(null).dataAs(Object.class)).isEmpty();
    }

    @Test
    void dataAsWithANullTypeIsEmpty() {
        assertThatCode(() -> success("x").dataAs(null)).doesNotThrowAnyException();
        assertThat(success("x").dataAs(null)).isEmpty();
        assertThat(success(null).dataAs(null)).isEmpty();
    }

    @Test
    void dataAsAPrimitiveTypeNeverThrows() {
        assertThatCode(() -> success(42).dataAs(int.class)).doesNotThrowAnyException();
        assertThat(success(42).dataAs(Integer.class)).contains(42);
    }

    @Test
    void toStringShowsTheData() {
        assertThat(success(new User("ada")))
                .hasToString("JobSuccessEvent[correlationId=job-1, jobType=FetchUserJob, data=User[name=ada]]");
    }

    @Test
    void aPrimitiveTypeMatchesItsWrapper() {
        assertThat(success(42).dataAs(int.class)).contains(42);
        assertThat(success(42L).dataAs(int.class)).isEmpty();
        assertThat(success(true).dataAs(boolean.class)).contains(true);
    }
}
