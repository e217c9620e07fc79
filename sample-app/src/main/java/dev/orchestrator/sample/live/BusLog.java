package dev.orchestrator.sample.live;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Which bus carried which event: one real subscriber on the global bus and on each
 * module's bus (auth, chat, cart) records what it receives, keeps the last {@value #CAPACITY} and
 * pushes each one to the page (event {@code bus}). Since each entry comes from the subscriber of
 * one bus, the log shows isolation as it is: the global subscriber never receives a module's job
 * events. Thread-safe.
 */
@Component
public class BusLog implements DisposableBean {

    /** Entries kept. */
    public static final int CAPACITY = 60;

    private final Deque<BusEntry> entries = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final LiveUpdates live;

    /**
     * @param global the global bus
     * @param auth the auth module's bus
     * @param chat the chat module's bus
     * @param cart the cart module's bus
     * @param live where entries are pushed
     */
    public BusLog(
            @Qualifier(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN) SignalBus global,
            @Qualifier(Buses.AUTH) SignalBus auth,
            @Qualifier(Buses.CHAT) SignalBus chat,
            @Qualifier(Buses.CART) SignalBus cart,
            LiveUpdates live) {
        this.live = live;
        for (SignalBus bus : List.of(global, auth, chat, cart)) {
            subscriptions.add(bus.subscribe("BusLog", BaseEvent.class, event -> record(bus.name(), event)));
        }
    }

    private void record(String bus, BaseEvent event) {
        synchronized (entries) { // publish in sequence order; publishing only queues the update
            BusEntry entry = BusEntry.of(sequence.incrementAndGet(), bus, event);
            entries.addFirst(entry);
            if (entries.size() > CAPACITY) {
                entries.removeLast();
            }
            live.publish("bus", entry);
        }
    }

    /** @return the entries kept, newest first */
    public List<BusEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    @Override
    public void destroy() {
        subscriptions.forEach(Subscription::unsubscribe);
    }
}
