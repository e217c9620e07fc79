package dev.orchestrator.sample.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the API ({@code /api/**}) against two abuses a public demo would meet:
 *
 * <ul>
 *   <li><b>Cross-site requests.</b> A state-changing call ({@code POST}, {@code PUT}, {@code PATCH},
 *       {@code DELETE}) whose {@code Origin} is another site is refused with 403: a page elsewhere
 *       cannot start jobs or loops with a visitor's browser. Browsers send {@code Origin} with every
 *       cross-origin request of these methods; calls without it (curl, tests) are let through.
 *   <li><b>Large bodies.</b> A body over {@value #MAX_BODY_BYTES} bytes is refused with 413, whether
 *       it announces its length or comes in chunks; the API's requests are a few dozen bytes.
 * </ul>
 *
 * Answers are problem details ({@code application/problem+json}), like the API's own.
 */
@Component
public class ApiRequestGuard extends OncePerRequestFilter {

    /** Largest request body the API accepts, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JsonMapper json;

    /**
     * Creates the filter; Spring Boot registers it.
     *
     * @param json writes the problem details
     */
    public ApiRequestGuard(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (UNSAFE.contains(request.getMethod()) && origin != null && !sameOrigin(origin, request)) {
            refuse(
                    response,
                    HttpStatus.FORBIDDEN,
                    "Cross-site request refused: Origin " + ApiExceptionHandler.echo(origin)
                            + " is not this application");
            return;
        }
        long length = request.getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(length + " bytes"));
            return;
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                refuse(response, HttpStatus.CONTENT_TOO_LARGE, tooLarge("more than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String tooLarge(String size) {
        return "Request body of " + size + " refused: the API accepts at most " + MAX_BODY_BYTES + " bytes";
    }

    /** Scheme, host and port of the Origin equal those the request was made to. */
    static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
            return scheme.equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        while (out.size() < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        json.writeValue(response.getWriter(), problem);
    }

    /** The request with its body read already, for a body that came in chunks. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(@Nullable ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
