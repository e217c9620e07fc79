package dev.orchestrator.cluster;

import java.util.Objects;

/**
 * The error of a job that failed on another instance of the cluster, as it came over the wire: the
 * class name and message of the original exception (its stack trace stays in that instance's log).
 * A handle's result fails with it, and it is the error of the {@code JobFailureEvent} the
 * dispatching instance sees. Timeouts are the exception: they arrive as a
 * {@link java.util.concurrent.TimeoutException}, as in one JVM.
 */
public class RemoteJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The class name of the exception the job threw where it ran. */
    private final String remoteType;

    /** Its message, maybe empty. */
    private final String remoteMessage;

    /**
     * Creates the exception.
     *
     * @param remoteType the class name of the original exception, not {@code null}
     * @param message its message (may be empty), not {@code null}
     */
    public RemoteJobException(String remoteType, String message) {
        super(Objects.requireNonNull(remoteType, "remoteType must not be null") + ": "
                + Objects.requireNonNull(message, "message must not be null"));
        this.remoteType = remoteType;
        this.remoteMessage = message;
    }

    /** {@return the message of the exception the job threw on the instance that ran it, maybe empty} */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** {@return the class name of the exception the job threw on the instance that ran it} */
    public String remoteType() {
        return remoteType;
    }
}
