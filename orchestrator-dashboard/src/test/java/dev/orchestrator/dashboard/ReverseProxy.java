package dev.orchestrator.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on loopback, as an ingress would be: it serves the application under a prefix
 * ({@code /tools/...} goes to {@code /...}), passes {@code X-Forwarded-*} headers, and does not
 * rewrite bodies or {@code Location} headers. Only URLs that are relative survive it.
 */
final class ReverseProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length");

    private final HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String prefix;
    private final int backendPort;

    ReverseProxy(String prefix, int backendPort) throws IOException {
        this.prefix = prefix;
        this.backendPort = backendPort;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(prefix + "/", this::forward);
        server.start();
    }

    /** {@return the proxy's URL for a path below its prefix, e.g. {@code /orchestrator}} */
    String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + prefix + path;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI incoming = exchange.getRequestURI();
            String path = incoming.getRawPath().substring(prefix.length());
            String query = incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + backendPort + path + query))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            request.header("X-Forwarded-Host", exchange.getRequestHeaders().getFirst("Host"));
            request.header("X-Forwarded-Proto", "http");
            request.header("X-Forwarded-Prefix", prefix);
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
