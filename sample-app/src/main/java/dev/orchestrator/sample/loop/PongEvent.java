package dev.orchestrator.sample.loop;

/** The other half of the feedback loop: answered by {@link PingOrchestrator} with a {@link PingEvent}. Immutable. */
public final class PongEvent extends LoopEvent {

    /**
     * @param loopId the loop this event belongs to
     * @param round the round of the ping it answers
     */
    public PongEvent(String loopId, int round) {
        super(loopId, round);
    }
}
