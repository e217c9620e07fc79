package dev.orchestrator.dashboard.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The minimal application of the dashboard's tests: the starter, Actuator, a web stack and the
 * dashboard module, with three jobs and one orchestrator of its own and no dashboard code at all.
 */
@SpringBootApplication
public class DashboardTestApplication {}
