package dev.orchestrator.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a {@link dev.orchestrator.orchestration.BaseExecutor} subclass as a Spring component that the
 * starter registers with the dispatcher for its job type {@code J}, read from the class
 * declaration ({@code class UploadExecutor extends BaseExecutor<UploadJob>}). May also annotate a
 * {@code @Bean} method that returns an executor.
 *
 * <p>Startup fails with a clear report when two executors claim one job type, when the bean is not
 * a {@code BaseExecutor}, or when its job type cannot be read.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface Executor {

    /** {@return the bean name; generated from the class name when empty} */
    @AliasFor(annotation = Component.class)
    String value() default "";
}
