/** The sample application: a Spring Boot web application that shows every feature of the orchestrator live. */
@NullMarked
package dev.orchestrator.sample;

import org.jspecify.annotations.NullMarked;
