package dev.orchestrator.sample.flaky;

/** A permanent failure of the flaky service ("401 Unauthorized"): retrying cannot help. */
public class RequestRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the service's answer as its message. */
    public RequestRejectedException() {
        super("401 Unauthorized: API key rejected");
    }
}
