package dev.orchestrator.sample.live;

/**
 * An orchestrator state that counts its changes. The page keeps the highest version it has seen
 * of each orchestrator's state, so that a state read over HTTP never overwrites a newer one that
 * arrived by Server-Sent Events in the meantime.
 */
public interface Versioned {

    /** @return how many times the state changed; higher is newer */
    long version();
}
