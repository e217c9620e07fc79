package dev.orchestrator.cancellation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins CancellationToken, CancelledException and contract point 4: idempotent cancel, listeners exactly once, also under races. */
class CancellationTokenTest {

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void newTokenIsNotCancelled() {
        CancellationToken token = new CancellationToken();

        assertThat(token.isCancelled()).isFalse();
        token.throwIfCancelled(); // does not throw
        assertThat(token).hasToString("CancellationToken[cancelled=false]");
    }

    @Test
    void cancelIsIdempotentAndRunsListenersOnce() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        token.onCancel(runs::incrementAndGet);

        token.cancel();
        token.cancel();
        token.cancel();

        assertThat(token.isCancelled()).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(token).hasToString("CancellationToken[cancelled=true]");
    }

    @Test
    void listenersRunInRegistrationOrderOnTheCancellingThread() {
        CancellationToken token = new CancellationToken();
        List<String> calls = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            token.onCancel(() -> {
                calls.add("listener-" + n);
                threads.add(Thread.currentThread());
            });
        }

        token.cancel();

        assertThat(calls).containsExactly("listener-0", "listener-1", "listener-2", "listener-3", "listener-4");
        assertThat(threads).allMatch(t -> t == caller);
    }

    @Test
    void listenersAreClearedAfterCancelSoASecondCancelRunsNothing() {
        CancellationToken token = new CancellationToken();
        AtomicInteger first = new AtomicInteger();
        token.onCancel(first::incrementAndGet);
        token.cancel();
        AtomicInteger late = new AtomicInteger();
        token.onCancel(late::incrementAndGet);

        token.cancel();

        assertThat(first).hasValue(1);
        assertThat(late).hasValue(1);
    }

    @Test
    void onCancelOnACancelledTokenRunsTheListenerAtOnceOnTheCallingThread() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        List<Thread> ranOn = new ArrayList<>();

        Registration registration = token.onCancel(() -> ranOn.add(Thread.currentThread()));

        assertThat(ranOn).containsExactly(Thread.currentThread());
        registration.unregister(); // a no-op, must not throw
        registration.close();
        assertThat(ranOn).hasSize(1);
    }

    @Test
    void throwIfCancelledThrowsCancelledExceptionOnlyOnceCancelled() {
        CancellationToken token = new CancellationToken();
        token.throwIfCancelled();

        token.cancel();

        assertThatThrownBy(token::throwIfCancelled)
                .isExactlyInstanceOf(CancelledException.class)
                .hasMessage("Operation was cancelled.");
    }

    @Test
    void cancelledExceptionToStringIsTheSeedsText() {
        assertThat(new CancelledException().toString()).isEqualTo("CancelledException: Operation was cancelled.");
        assertThat(new CancelledException()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unregisteredListenerNeverRuns() {
        CancellationToken token = new CancellationToken();
        AtomicInteger removed = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        Registration registration = token.onCancel(removed::incrementAndGet);
        token.onCancel(kept::incrementAndGet);

        registration.unregister();
        registration.unregister(); // idempotent
        token.cancel();

        assertThat(removed).hasValue(0);
        assertThat(kept).hasValue(1);
    }

    @Test
    void registrationClosedByTryWithResourcesNeverRuns() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        try (Registration ignored = token.onCancel(runs::incrementAndGet)) {
            assertThat(token.isCancelled()).isFalse();
        }

        token.cancel();

        assertThat(runs).hasValue(0);
    }

    @Test
    void unregisterAfterCancelIsANoOp() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        Registration registration = token.onCancel(runs::incrementAndGet);
        token.cancel();

        registration.unregister();

        assertThat(runs).hasValue(1);
    }

    @Test
    void sameRunnableRegisteredTwiceRunsTwice() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        Runnable listener = runs::incrementAndGet;
        token.onCancel(listener);
        token.onCancel(listener);

        token.cancel();

        assertThat(runs).hasValue(2);
    }

    @Test
    void unregisteringOneOfTwoRegistrationsOfTheSameRunnableKeepsTheOther() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        Runnable listener = runs::incrementAndGet;
        Registration first = token.onCancel(listener);
        token.onCancel(listener);

        first.unregister();
        token.cancel();

        assertThat(runs).hasValue(1);
    }

    @Test
    void throwingListenerDoesNotStopTheOthersAndCancelRethrowsAfterAllRan() {
        CancellationToken token = new CancellationToken();
        List<String> calls = new CopyOnWriteArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        token.onCancel(() -> calls.add("a"));
        token.onCancel(() -> {
            calls.add("b");
            throw first;
        });
        token.onCancel(() -> calls.add("c"));
        token.onCancel(() -> {
            calls.add("d");
            throw second;
        });
        token.onCancel(() -> calls.add("e"));

        assertThatThrownBy(token::cancel).isSameAs(first);

        assertThat(calls).containsExactly("a", "b", "c", "d", "e");
        assertThat(first.getSuppressed()).containsExactly(second);
        assertThat(token.isCancelled()).isTrue();
        token.cancel(); // the listeners are gone: nothing runs, nothing is rethrown again
        assertThat(calls).hasSize(5);
    }

    @Test
    void listenerThrowingAnErrorDoesNotStopTheOthers() {
        CancellationToken token = new CancellationToken();
        AtomicInteger after = new AtomicInteger();
        AssertionError error = new AssertionError("listener bug");
        token.onCancel(() -> {
            throw error;
        });
        token.onCancel(after::incrementAndGet);

        assertThatThrownBy(token::cancel).isSameAs(error);

        assertThat(after).hasValue(1);
    }

    @Test
    void listenerMayRegisterAnotherListenerThatRunsAtOnce() {
        CancellationToken token = new CancellationToken();
        AtomicInteger nested = new AtomicInteger();
        token.onCancel(() -> token.onCancel(nested::incrementAndGet));

        token.cancel();

        assertThat(nested).hasValue(1);
    }

    @Test
    void listenerMayCallCancelAgainWithoutRunningAnythingTwice() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        token.onCancel(() -> {
            runs.incrementAndGet();
            token.cancel();
        });
        token.onCancel(runs::incrementAndGet);

        token.cancel();

        assertThat(runs).hasValue(2);
    }

    @Test
    void onCancelRejectsNullNamingTheParameter() {
        CancellationToken token = new CancellationToken();

        assertThatThrownBy(() -> token.onCancel(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callback");
    }

    @Test
    void everyListenerRunsExactlyOnceWhenOnCancelRacesWithCancel() throws Exception {
        int tokens = 300;
        int registrars = 6;
        int listenersPerRegistrar = 20;
        for (int t = 0; t < tokens; t++) {
            CancellationToken token = new CancellationToken();
            AtomicInteger[][] counters = new AtomicInteger[registrars][listenersPerRegistrar];
            CyclicBarrier start = new CyclicBarrier(registrars + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < registrars; r++) {
                AtomicInteger[] mine = counters[r];
                for (int i = 0; i < listenersPerRegistrar; i++) {
                    mine[i] = new AtomicInteger();
                }
                futures.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    for (AtomicInteger counter : mine) {
                        token.onCancel(counter::incrementAndGet);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                token.cancel();
                return null;
            }));
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }

            // every onCancel and the cancel have returned: each listener ran exactly once
            for (int r = 0; r < registrars; r++) {
                for (int i = 0; i < listenersPerRegistrar; i++) {
                    assertThat(counters[r][i].get())
                            .as("token %d, registrar %d, listener %d", t, r, i)
                            .isEqualTo(1);
                }
            }
        }
    }

    @Test
    void concurrentCancelsRunEachListenerOnce() throws Exception {
        int tokens = 300;
        int cancellers = 6;
        int listeners = 50;
        for (int t = 0; t < tokens; t++) {
            CancellationToken token = new CancellationToken();
            AtomicInteger[] counters = new AtomicInteger[listeners];
            for (int i = 0; i < listeners; i++) {
                AtomicInteger counter = new AtomicInteger();
                counters[i] = counter;
                token.onCancel(counter::incrementAndGet);
            }
            CyclicBarrier start = new CyclicBarrier(cancellers);
            CountDownLatch done = new CountDownLatch(cancellers);
            for (int c = 0; c < cancellers; c++) {
                pool.execute(() -> {
                    try {
                        start.await(5, TimeUnit.SECONDS);
                        token.cancel();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(token.isCancelled()).isTrue();
            for (int i = 0; i < listeners; i++) {
                assertThat(counters[i].get()).as("token %d, listener %d", t, i).isEqualTo(1);
            }
        }
    }

    @Test
    void unregisterRacingWithCancelRunsEachListenerAtMostOnceFromOneAtomicSnapshot() throws Exception {
        int tokens = 300;
        int listeners = 40;
        for (int t = 0; t < tokens; t++) {
            CancellationToken token = new CancellationToken();
            AtomicInteger[] counters = new AtomicInteger[listeners];
            Registration[] registrations = new Registration[listeners];
            for (int i = 0; i < listeners; i++) {
                AtomicInteger counter = new AtomicInteger();
                counters[i] = counter;
                registrations[i] = token.onCancel(counter::incrementAndGet);
            }
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> unregister = pool.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                for (Registration registration : registrations) {
                    registration.unregister();
                }
                return null;
            });
            Future<?> cancel = pool.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                token.cancel();
                return null;
            });
            unregister.get(5, TimeUnit.SECONDS);
            cancel.get(5, TimeUnit.SECONDS);

            for (int i = 0; i < listeners; i++) {
                assertThat(counters[i].get()).as("token %d, listener %d", t, i).isBetween(0, 1);
            }
            // unregister removes listeners in order while cancel takes one atomic snapshot, so the
            // listeners that ran are exactly a suffix: the ones not yet removed at the snapshot
            int firstRun = listeners;
            for (int i = 0; i < listeners; i++) {
                if (counters[i].get() == 1) {
                    firstRun = i;
                    break;
                }
            }
            for (int i = firstRun; i < listeners; i++) {
                assertThat(counters[i].get())
                        .as("token %d, listener %d after first run %d", t, i, firstRun)
                        .isEqualTo(1);
            }
        }
    }
}
