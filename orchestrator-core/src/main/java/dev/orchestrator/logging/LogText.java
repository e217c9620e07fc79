package dev.orchestrator.logging;

import org.jspecify.annotations.Nullable;

/**
 * How the framework names jobs, events and errors in its log lines: by type and id, never by
 * content. A log line never carries a job's data, result or progress message (they may hold
 * personal or payment data that the actuator hides too), and every value that comes from a caller
 * (an id, an error message) is quoted, with line breaks and other control characters escaped and
 * long values cut, so that it cannot forge a log line of its own.
 *
 * <p>Stateless and thread-safe; depends on the JDK only. Useful to applications that log about jobs
 * in the same form.
 */
public final class LogText {

    /** Longest quoted value, in characters; the rest is cut and counted. */
    public static final int MAX_VALUE_LENGTH = 200;

    private LogText() {}

    /**
     * Names a job or an event by type and quoted id, {@code UploadJob[id='…']}, whatever its
     * {@code toString} says. Events name themselves this way with {@code BaseEvent.logName()}.
     *
     * @param type the job's or event's class
     * @param idName what the id is called ({@code id}, {@code correlationId})
     * @param id the id, or {@code null}
     * @return the type's simple name and the quoted id
     */
    public static String named(Class<?> type, String idName, @Nullable String id) {
        return type.getSimpleName() + "[" + idName + "=" + quote(id) + "]";
    }

    /**
     * Names an error by its class and quoted message: {@code IllegalStateException: 'no stock'}.
     *
     * @param error the error, or {@code null}
     * @return its class name and message
     */
    public static String error(@Nullable Throwable error) {
        if (error == null) {
            return "null";
        }
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + quote(message));
    }

    /**
     * Quotes a value for a log line: in single quotes, with {@code \r}, {@code \n}, {@code \t},
     * other control characters, quotes and backslashes escaped, and cut after
     * {@value #MAX_VALUE_LENGTH} characters (the line says how many were left out).
     *
     * @param value the value, or {@code null}
     * @return the quoted value, or {@code null} without quotes
     */
    public static String quote(@Nullable CharSequence value) {
        if (value == null) {
            return "null";
        }
        int length = Math.min(value.length(), MAX_VALUE_LENGTH);
        StringBuilder quoted = new StringBuilder(length + 8).append('\'');
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\r' -> quoted.append("\\r");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\'' -> quoted.append("\\'");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        quoted.append('\'');
        if (value.length() > length) {
            quoted.append("…(").append(value.length() - length).append(" more)");
        }
        return quoted.toString();
    }
}
