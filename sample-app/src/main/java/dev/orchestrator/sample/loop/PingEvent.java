package dev.orchestrator.sample.loop;

/** One half of the feedback loop: answered by {@link PongOrchestrator} with a {@link PongEvent}. Immutable. */
public final class PingEvent extends LoopEvent {

    /**
     * @param loopId the loop this event belongs to
     * @param round how many pings the loop has sent, this one included
     */
    public PingEvent(String loopId, int round) {
        super(loopId, round);
    }
}
