package dev.orchestrator.spring.readme;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The README's cluster-mode example: an idempotent executor for at-least-once execution. */
final class ReadmeClusterExample {

    private ReadmeClusterExample() {}

    /** A payment provider that deduplicates by idempotency key, as Stripe or Adyen do. */
    interface Payments {
        String charge(String orderId, long amountCents, String idempotencyKey);
    }

    /** A job: plain data, read back from JSON through its one public constructor. */
    public static final class ChargeJob extends BaseJob {
        private final String orderId;
        private final long amountCents;

        public ChargeJob(String orderId, long amountCents) {
            this.orderId = orderId;
            this.amountCents = amountCents;
        }

        String orderId() {
            return orderId;
        }

        long amountCents() {
            return amountCents;
        }
    }

    /** Records charges by idempotency key: a key charged twice is charged once. */
    static final class RecordingPayments implements Payments {
        final Map<String, String> charges = new ConcurrentHashMap<>();

        @Override
        public String charge(String orderId, long amountCents, String idempotencyKey) {
            return charges.computeIfAbsent(idempotencyKey, key -> "receipt-" + orderId + "-" + amountCents);
        }
    }

    // tag::idempotent[]
    @Executor
    static class ChargeExecutor extends BaseExecutor<ChargeJob> {
        private final Payments payments;

        ChargeExecutor(Payments payments) {
            this.payments = payments;
        }

        @Override
        protected Object process(ChargeJob job) {
            // At least once: when the instance running a job dies, another runs it again
            // (context(job).deliveryCount() is then 2 or more). The job id is the same on
            // every delivery, so it makes the work idempotent: the provider charges a key once.
            String receipt = payments.charge(job.orderId(), job.amountCents(), "charge-" + job.id());
            if (context(job).deliveryCount() > 1) {
                System.out.println("charge " + job.id() + " delivered again; receipt " + receipt);
            }
            return receipt;
        }
    }
    // end::idempotent[]
}
