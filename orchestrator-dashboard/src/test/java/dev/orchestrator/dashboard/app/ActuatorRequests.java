package dev.orchestrator.dashboard.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Counts the requests that reach the application's Actuator paths, by HTTP method (servlet only). */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ActuatorRequests extends OncePerRequestFilter {

    private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();

    /** @return how many requests with this method reached an Actuator path */
    public int count(String method) {
        AtomicInteger count = byMethod.get(method);
        return count == null ? 0 : count.get();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().contains("/actuator/")) {
            byMethod.computeIfAbsent(request.getMethod(), method -> new AtomicInteger())
                    .incrementAndGet();
        }
        chain.doFilter(request, response);
    }
}
