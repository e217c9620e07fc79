package dev.orchestrator.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.readme.ReadmeClusterExample.ChargeExecutor;
import dev.orchestrator.spring.readme.ReadmeClusterExample.ChargeJob;
import dev.orchestrator.spring.readme.ReadmeClusterExample.RecordingPayments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's idempotent executor is shown verbatim and charges once when a job is delivered twice. */
class ReadmeClusterExampleTest {

    private static final Path SOURCE =
            Path.of("src/test/java/dev/orchestrator/spring/readme/ReadmeClusterExample.java");

    @Test
    void readmeShowsTheIdempotentExecutorVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        List<String> lines = source.lines().collect(Collectors.toList());
        int start = lines.indexOf("    // tag::idempotent[]") + 1;
        int end = lines.indexOf("    // end::idempotent[]");
        String region = lines.subList(start, end).stream()
                .map(line -> line.length() >= 4 ? line.substring(4) : line)
                .collect(Collectors.joining("\n"))
                .replace("static class", "class");
        assertThat(Files.readString(Path.of("../README.md"))).contains(region);
    }

    @Test
    void aJobDeliveredToTwoInstancesChargesOnce() throws Exception {
        RecordingPayments payments = new RecordingPayments();
        ChargeJob job = new ChargeJob("order-7", 4_200);
        JobTicket ticket = new JobTicket(job, "global", "instance-a", null, RetryPolicy.none(), Instant.now(), 0);
        // two instances, each with its own executor on the same provider: the first ran the job and
        // died before its record was acknowledged, the second takes the second delivery
        for (int delivery = 1; delivery <= 2; delivery++) {
            try (SignalBus bus = SignalBus.scoped("relay-" + delivery);
                    Dispatcher instance = new Dispatcher()) {
                instance.register(new ChargeExecutor(payments));
                JobHandle<Object> handle = instance.execute(ticket, delivery, bus);
                assertThat(handle.result().get(5, TimeUnit.SECONDS)).isEqualTo("receipt-order-7-4200");
            }
        }
        assertThat(payments.charges).containsOnlyKeys("charge-" + job.id());
    }
}
