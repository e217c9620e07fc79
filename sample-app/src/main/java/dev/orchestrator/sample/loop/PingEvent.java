package dev.orchestrator.sample.loop;

import dev.orchestrator.event.BaseEvent;

/** One half of the feedback loop: answered by {@link PongOrchestrator} with a {@link PongEvent}. Immutable. */
public final class PingEvent extends BaseEvent {

    private final int round;

    /**
     * @param loopId the loop this event belongs to
     * @param round how many pings the loop has sent, this one included
     */
    public PingEvent(String loopId, int round) {
        super(loopId);
        this.round = round;
    }

    /** @return how many pings the loop has sent, this one included */
    public int round() {
        return round;
    }

    @Override
    protected String describe() {
        return "round=" + round;
    }
}
