package dev.orchestrator.sample.loop;

import dev.orchestrator.event.BaseEvent;

/** The other half of the feedback loop: answered by {@link PingOrchestrator} with a {@link PingEvent}. Immutable. */
public final class PongEvent extends BaseEvent {

    private final int round;

    /**
     * @param loopId the loop this event belongs to
     * @param round the round of the ping it answers
     */
    public PongEvent(String loopId, int round) {
        super(loopId);
        this.round = round;
    }

    /** @return the round of the ping it answers */
    public int round() {
        return round;
    }

    @Override
    protected String describe() {
        return "round=" + round;
    }
}
