package dev.orchestrator.sample.loop;

import dev.orchestrator.sample.live.Versioned;
import org.jspecify.annotations.Nullable;

/**
 * How much of the feedback loop one orchestrator has handled. Immutable.
 *
 * @param orchestrator the orchestrator's name
 * @param version counts the changes
 * @param answered events this orchestrator answered since the application started
 * @param loopId the loop it answered last, or {@code null}
 * @param lastRound the round it answered last
 */
public record LoopState(
        String orchestrator,
        long version,
        long answered,
        @Nullable String loopId,
        int lastRound) implements Versioned {

    static LoopState initial(String orchestrator) {
        return new LoopState(orchestrator, 0, 0, null, 0);
    }

    LoopState answered(String loop, int round) {
        return new LoopState(orchestrator, version + 1, answered + 1, loop, round);
    }
}
