package dev.orchestrator.spring.cluster;

import dev.orchestrator.event.BaseEvent;

/** An application event for the cluster tests that an instance does not mark as shared: it stays local. */
public final class LocalNote extends BaseEvent {

    private final String text;

    public LocalNote(String correlationId, String text) {
        super(correlationId);
        this.text = text;
    }

    String text() {
        return text;
    }

    @Override
    protected String describe() {
        return "text=" + text;
    }
}
