package dev.orchestrator.sample.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order, the bound and the replacing of superseded states of one connection's buffer. */
class UpdateBufferTest {

    private final UpdateBuffer buffer = new UpdateBuffer(8, 3);

    private static UpdateBuffer.Update entry(int n) {
        return new UpdateBuffer.Update("bus", null, n);
    }

    private static UpdateBuffer.Update state(String orchestrator, int version) {
        return new UpdateBuffer.Update("state", orchestrator, orchestrator + version);
    }

    private List<Object> drain() throws InterruptedException {
        List<Object> taken = new ArrayList<>();
        while (buffer.size() > 0) {
            taken.add(buffer.take().data());
        }
        return taken;
    }

    @Test
    void keepsEveryUpdateInOrderUpToItsCapacity() throws Exception {
        for (int n = 0; n < 8; n++) {
            assertThat(buffer.offer(entry(n))).isTrue();
        }
        assertThat(buffer.offer(entry(8))).isFalse();
        assertThat(buffer.offer(state("a", 1)))
                .as("nothing of its key waits: no room")
                .isFalse();

        assertThat(drain()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void whileFewWaitEveryStateIsKept() throws Exception {
        buffer.offer(state("a", 1));
        buffer.offer(state("a", 2));
        buffer.offer(state("a", 3));

        assertThat(drain()).containsExactly("a1", "a2", "a3");
    }

    @Test
    void beyondTheThresholdANewStateReplacesTheOneOfItsKeyStillWaiting() throws Exception {
        buffer.offer(state("a", 1));
        buffer.offer(entry(1));
        buffer.offer(state("b", 1));
        buffer.offer(entry(2)); // 4 wait: more than 3
        buffer.offer(state("a", 2));
        buffer.offer(state("b", 2));
        buffer.offer(entry(3));
        for (int version = 3; version <= 100; version++) {
            assertThat(buffer.offer(state("a", version))).isTrue();
        }

        assertThat(drain()).containsExactly("a100", 1, "b2", 2, 3);
    }

    @Test
    void aStateAlreadyTakenIsNotReplaced() throws Exception {
        for (int n = 0; n < 4; n++) {
            buffer.offer(entry(n));
        }
        buffer.offer(state("a", 1));
        assertThat(buffer.take().data()).isEqualTo(0);
        for (int n = 1; n < 4; n++) {
            buffer.take();
        }
        assertThat(buffer.take().data()).isEqualTo("a1");
        for (int n = 4; n < 8; n++) {
            buffer.offer(entry(n));
        }

        buffer.offer(state("a", 2));

        assertThat(drain()).containsExactly(4, 5, 6, 7, "a2");
    }

    @Test
    void onceClosedItTakesNothingAndHandsOutNothing() throws Exception {
        buffer.offer(entry(1));
        buffer.close();

        assertThat(buffer.offer(entry(2))).isFalse();
        assertThat(buffer.take()).isNull();
    }
}
