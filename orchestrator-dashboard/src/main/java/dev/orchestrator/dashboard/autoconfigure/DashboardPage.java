package dev.orchestrator.dashboard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's three files, read once: the page (with the endpoint's URL, relative to the page,
 * and the refresh interval written into it), its script and its style sheet. Every URL the page
 * uses is relative, so it works under a context path and behind a proxy that adds a prefix.
 * Immutable and thread-safe.
 */
final class DashboardPage {

    /** The page's own files, below its path. */
    static final String SCRIPT = "dashboard.js";

    static final String STYLE = "dashboard.css";

    /** Headers of every answer: the page loads only its own files and reads only its own origin. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
            "X-Content-Type-Options",
            "nosniff",
            "Referrer-Policy",
            "same-origin",
            "Cache-Control",
            "no-cache");

    private static final String LOCATION = "META-INF/orchestrator-dashboard/";
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    private final String path;
    private final String index;
    private final String script;
    private final String style;

    /**
     * Reads the files and writes the settings into the page.
     *
     * @param path the page's path, valid by {@link #isValidPath}
     * @param endpointPath the endpoint's path under the same context path (e.g.
     *     {@code /actuator/orchestrator}), or {@code null} when the page cannot read it
     * @param refresh how often the page reads the endpoint
     * @param problem why the page cannot read the endpoint, shown on it; {@code null} when it can
     */
    DashboardPage(String path, @Nullable String endpointPath, Duration refresh, @Nullable String problem) {
        this.path = path;
        String endpoint = endpointPath == null ? "" : relative(path, endpointPath);
        this.index = read("index.html")
                .replace("{{endpoint}}", escape(endpoint))
                .replace("{{refresh}}", Long.toString(refresh.toMillis()))
                .replace("{{problem}}", escape(Objects.requireNonNullElse(problem, "")));
        this.script = read(SCRIPT);
        this.style = read(STYLE);
    }

    /** {@return the page's path, e.g. {@code /orchestrator}} */
    String path() {
        return path;
    }

    /** {@return where {@code path} redirects: the page's address with a trailing slash, relative to {@code path}} */
    String redirect() {
        return path.substring(path.lastIndexOf('/') + 1) + "/";
    }

    String index() {
        return index;
    }

    String script() {
        return script;
    }

    String style() {
        return style;
    }

    /**
     * {@return whether a page path is valid: {@code /} and one or more segments of letters, digits,
     * {@code - _ .} (not {@code .} or {@code ..} alone), no trailing {@code /}}
     *
     * @param path the path
     */
    static boolean isValidPath(String path) {
        return PATH.matcher(path).matches()
                && !path.contains("/./")
                && !path.contains("/../")
                && !path.endsWith("/.")
                && !path.endsWith("/..");
    }

    /**
     * {@return {@code target} as a URL relative to the page, which is served at {@code path + "/"}}
     *
     * @param path the page's path, e.g. {@code /ops/jobs}
     * @param target an absolute path under the same context path, e.g. {@code /actuator/orchestrator}
     */
    static String relative(String path, String target) {
        int depth = (int) path.chars().filter(c -> c == '/').count();
        return "../".repeat(depth) + (target.startsWith("/") ? target.substring(1) : target);
    }

    private static String read(String name) {
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's file " + LOCATION + name + " is missing from the"
                        + " class path: the orchestrator-dashboard jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the dashboard's file " + LOCATION + name, ex);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
