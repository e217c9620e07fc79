package dev.orchestrator.spring.readme;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.SignalBuses;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The starter examples of the README, verbatim between tag lines; ReadmeStarterExampleTest checks and runs them. */
final class ReadmeStarterExample {

    interface ChunkStore {
        void put(String file, int chunk) throws Exception;
    }

    static final class UploadJob extends BaseJob {
        private final String file;
        private final int chunks;

        UploadJob(String file, int chunks) {
            this.file = file;
            this.chunks = chunks;
        }

        String file() {
            return file;
        }

        int chunks() {
            return chunks;
        }
    }

    record CartState(List<String> uploads) {
        static final CartState EMPTY = new CartState(List.of());

        CartState with(String upload) {
            List<String> next = new CopyOnWriteArrayList<>(uploads);
            next.add(upload);
            return new CartState(List.copyOf(next));
        }
    }

    // tag::executor[]
    @Executor
    static class UploadExecutor extends BaseExecutor<UploadJob> {
        private final ChunkStore store;

        UploadExecutor(ChunkStore store) {
            this.store = store;
        }

        @Override
        protected Object process(UploadJob job) throws Exception {
            for (int i = 1; i <= job.chunks(); i++) {
                store.put(job.file(), i); // plain blocking code
                emitStep(job, i, job.chunks(), "Uploading part " + i + "/" + job.chunks());
            }
            return "Complete";
        }
    }
    // end::executor[]

    // tag::module[]
    @Configuration
    static class CartModule {
        @Bean
        SignalBus cartBus(SignalBuses buses) {
            return buses.create("cart"); // closed with the context
        }
    }

    @Component
    static class CartOrchestrator extends BaseOrchestrator<CartState> {
        CartOrchestrator(Dispatcher dispatcher, @Qualifier("cartBus") SignalBus cartBus) {
            super(CartState.EMPTY, dispatcher, cartBus); // its jobs' events stay on the cart bus
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            updateState(cart -> cart.with(event.correlationId())); // atomic, safe from any thread
        }
    }
    // end::module[]

    private ReadmeStarterExample() {}
}
