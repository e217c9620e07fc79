package dev.orchestrator.spring.cluster;

import dev.orchestrator.event.BaseEvent;

/**
 * A shared application event for the cluster tests: emitted on one instance's global bus, it reaches
 * the others', read back from JSON through its one public constructor.
 */
public final class PriceChanged extends BaseEvent {

    private final String sku;
    private final long cents;
    private final int seq;

    public PriceChanged(String correlationId, String sku, long cents, int seq) {
        super(correlationId);
        this.sku = sku;
        this.cents = cents;
        this.seq = seq;
    }

    String sku() {
        return sku;
    }

    long cents() {
        return cents;
    }

    int seq() {
        return seq;
    }

    @Override
    protected String describe() {
        return "sku=" + sku + ", cents=" + cents + ", seq=" + seq;
    }
}
