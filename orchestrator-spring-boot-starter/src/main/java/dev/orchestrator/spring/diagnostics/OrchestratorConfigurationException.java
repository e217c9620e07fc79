package dev.orchestrator.spring.diagnostics;

/**
 * The orchestrator cannot start because of how the application is set up: two executors for one
 * job type, an {@code @Executor} bean that is not usable, or an invalid {@code orchestrator.*}
 * property. {@link OrchestratorFailureAnalyzer} turns it into Spring Boot's startup failure report.
 */
public class OrchestratorConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What to do about it, shown in the startup failure report. */
    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, naming the bad value
     * @param action what to do about it
     */
    public OrchestratorConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    /** {@return what to do about it} */
    public String getAction() {
        return action;
    }

    /**
     * Two executors claim one job type.
     *
     * @param jobType the job type
     * @param firstBean the first executor bean's name
     * @param secondBean the second executor bean's name
     * @return the exception
     */
    public static OrchestratorConfigurationException duplicateExecutor(
            Class<?> jobType, String firstBean, String secondBean) {
        return new OrchestratorConfigurationException(
                "Two executors are registered for job type " + jobType.getName() + ": beans '" + firstBean + "' and '"
                        + secondBean + "'. Each job type has exactly one executor.",
                "Remove one of the two @Executor beans, or give one of them its own job type.");
    }

    /**
     * An {@code @Executor} bean cannot be registered.
     *
     * @param beanName the bean's name
     * @param beanType the bean's type
     * @param problem what is wrong with it
     * @return the exception
     */
    public static OrchestratorConfigurationException invalidExecutor(
            String beanName, Class<?> beanType, String problem) {
        return new OrchestratorConfigurationException(
                "@Executor bean '" + beanName + "' of type " + beanType.getName() + " " + problem + ".",
                "Make the bean a subclass of dev.orchestrator.orchestration.BaseExecutor<YourJob> with a concrete job type, "
                        + "for example 'class UploadExecutor extends BaseExecutor<UploadJob>'.");
    }

    /**
     * An {@code orchestrator.*} property has an invalid value.
     *
     * @param property the property's name
     * @param value the bad value
     * @param valid what would be valid
     * @return the exception
     */
    public static OrchestratorConfigurationException invalidProperty(String property, Object value, String valid) {
        return new OrchestratorConfigurationException(
                "Invalid value '" + value + "' for property '" + property + "': " + valid + ".",
                "Update '" + property + "' in your application configuration: " + valid + ".");
    }
}
