package dev.orchestrator.kafka;

/** A record that cannot be read: rejected, logged with its coordinates, never retried. */
final class UnreadableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableRecordException(String message) {
        super(message);
    }

    UnreadableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
