package dev.orchestrator.sample.flaky;

/** A transient failure of the flaky service ("503 Service Unavailable"): worth a retry. */
public class ServiceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the service's answer as its message. */
    public ServiceUnavailableException() {
        super("503 Service Unavailable");
    }
}
