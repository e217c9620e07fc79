package dev.orchestrator.sample.live;

/**
 * The new state of one orchestrator, as pushed to the page.
 *
 * @param orchestrator the orchestrator's name
 * @param state its new state
 */
public record StateUpdate(String orchestrator, Object state) {}
