package dev.orchestrator.cancellation;

/**
 * Thrown by {@link CancellationToken#throwIfCancelled()} when the operation was cancelled
 *. A job's {@code process} method may let it escape: the job then ends with a
 * {@code JobCancelledEvent}, never with a failure.
 */
public class CancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code Operation was cancelled.} */
    public CancelledException() {
        super("Operation was cancelled.");
    }

    /** {@return the text the original framework gives: {@code CancelledException: Operation was cancelled.}} */
    @Override
    @SuppressWarnings("OverrideThrowableToString") // the original framework's exact text
    public String toString() {
        return "CancelledException: " + getMessage();
    }
}
