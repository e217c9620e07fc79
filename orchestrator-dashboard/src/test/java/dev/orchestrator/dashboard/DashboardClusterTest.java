package dev.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.dashboard.app.DashboardTestApplication;
import dev.orchestrator.dashboard.app.StepJob;
import dev.orchestrator.orchestration.JobSnapshot;
import dev.orchestrator.orchestration.JobStatus;
import dev.orchestrator.spring.cluster.ClusterView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What the page shows of cluster mode: this instance, its topics and share group, the instance
 * column, and the jobs this instance runs for the cluster. The cluster's facts come from a fixed
 * {@link ClusterView} (what the Kafka transport provides in cluster mode; the endpoint's cluster
 * answers over a real broker are tested in the starter), so this test needs no broker.
 */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.show-details=always",
            "orchestrator.dashboard.refresh=250ms"
        })
@Import(DashboardClusterTest.FixedCluster.class)
class DashboardClusterTest extends BrowserSupport {

    static final JobSnapshot TAKEN = new JobSnapshot(
            "taken-from-node-3",
            StepJob.class,
            "StepExecutor",
            "global",
            JobStatus.RUNNING,
            0.6,
            "step 3 of 5",
            2,
            Instant.now().minusSeconds(5),
            Instant.now().minusSeconds(4),
            null);

    @Test
    void showsThisInstanceAndWhatItRunsForTheCluster() {
        String running = dispatcher.dispatch(new StepJob(1));
        try {
            open("http://localhost:" + port + "/orchestrator/");
            page.until(d -> page.isShown("cluster"));
            assertThat(page.text("instance")).isEqualTo("instance node-7");
            assertThat(page.text("cluster-facts"))
                    .contains("node-7")
                    .contains("orchestrator.jobs")
                    .contains("orchestrator-workers");
            page.until(d -> !page.ids("here-rows").isEmpty());
            assertThat(page.ids("here-rows")).containsExactly(TAKEN.id());
            assertThat(chromium.driver
                            .findElement(By.cssSelector("#here-rows [role=progressbar]"))
                            .getDomAttribute("aria-valuenow"))
                    .isEqualTo("60");
            assertThat(page.awaitCell("running-rows", running, "instance", text -> !text.isEmpty()))
                    .isEqualTo("here");
        } finally {
            steps.release(1);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedCluster {

        @Bean
        ClusterView fixedClusterView() {
            return new ClusterView() {
                @Override
                public String instanceId() {
                    return "node-7";
                }

                @Override
                public Map<String, String> topics() {
                    return Map.of("jobs", "orchestrator.jobs", "events", "orchestrator.events");
                }

                @Override
                public String shareGroup() {
                    return "orchestrator-workers";
                }

                @Override
                public boolean isTakingJobs() {
                    return true;
                }

                @Override
                public List<JobSnapshot> runningHere() {
                    return List.of(TAKEN);
                }

                @Override
                public Map<String, Long> counts() {
                    return Map.of("taken", 1L);
                }

                @Override
                public boolean isKafkaReachable(Duration timeout) {
                    return true;
                }
            };
        }
    }
}
