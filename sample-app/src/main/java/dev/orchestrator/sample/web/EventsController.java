package dev.orchestrator.sample.web;

import dev.orchestrator.sample.live.LiveUpdates;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live connection of the page (Server-Sent Events): {@code state} (an orchestrator's new
 * state), {@code bus} (an event a bus carried) and {@code trip} (a circuit-breaker trip). A client
 * that falls behind is dropped (see {@link LiveUpdates}); the page then reconnects and reloads
 * {@code /api/state}.
 */
@RestController
class EventsController {

    private final LiveUpdates live;

    EventsController(LiveUpdates live) {
        this.live = live;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(HttpServletRequest request) {
        return live.connect(request.getRemoteAddr() + ":" + request.getRemotePort());
    }
}
