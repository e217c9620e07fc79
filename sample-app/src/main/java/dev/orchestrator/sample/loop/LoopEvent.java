package dev.orchestrator.sample.loop;

import dev.orchestrator.event.BaseEvent;

/**
 * An event of the feedback loop, correlated by the loop's id. Its two kinds are separate classes,
 * {@link PingEvent} and {@link PongEvent}, because the circuit breaker counts each event class on
 * its own. Immutable.
 */
public abstract class LoopEvent extends BaseEvent {

    private final int round;

    /**
     * @param loopId the loop this event belongs to
     * @param round the round of the loop: a ping counts the pings sent so far, itself included; a pong
     *     repeats the round of the ping it answers
     */
    protected LoopEvent(String loopId, int round) {
        super(loopId);
        this.round = round;
    }

    /** @return the round of the loop (see the constructor) */
    public int round() {
        return round;
    }

    @Override
    protected String describe() {
        return "round=" + round;
    }
}
