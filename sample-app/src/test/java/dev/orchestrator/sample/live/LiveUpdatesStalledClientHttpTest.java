package dev.orchestrator.sample.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A client that opens {@code /api/events} and never reads, over real loopback sockets: the other
 * clients keep receiving every update without a pause, and the stalled one is dropped and its
 * writer thread freed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fast")
class LiveUpdatesStalledClientHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The longest pause a reading client may see between two updates. */
    private static final Duration MAX_GAP = Duration.ofSeconds(1);

    /** 20 updates every 10 ms: 2,000 updates a second ... */
    private static final int UPDATES_PER_TICK = 20;

    private static final Duration TICK = Duration.ofMillis(10);

    /** ... of 2 KB each: 4 MB/s fills a non-reading client's TCP buffers (a few MB on loopback) in about a second. */
    private static final String PADDING = "x".repeat(2000);

    private static final Pattern SEQUENCE = Pattern.compile("\"seq\":(\\d+)");

    @LocalServerPort
    int port;

    @Autowired
    LiveUpdates live;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong published = new AtomicLong();
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** When an update arrived at a reading client. */
    private record Arrival(long seq, long nanos) {}

    /** A client that reads every update as it comes and notes when each arrives. */
    private final class Reader implements AutoCloseable {
        final CountDownLatch hello = new CountDownLatch(1);
        private final List<Arrival> arrivals = new ArrayList<>();
        private final Stream<String> body;

        Reader() throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            Thread thread = new Thread(this::read, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            try {
                body.forEach(line -> {
                    if (line.equals("event:hello")) {
                        hello.countDown();
                    }
                    Matcher seq = SEQUENCE.matcher(line);
                    if (line.startsWith("data:") && seq.find()) {
                        synchronized (arrivals) {
                            arrivals.add(new Arrival(Long.parseLong(seq.group(1)), System.nanoTime()));
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }

        List<Arrival> arrivals() {
            synchronized (arrivals) {
                return List.copyOf(arrivals);
            }
        }

        Duration longestGap() {
            List<Arrival> all = arrivals();
            long longest = 0;
            for (int i = 1; i < all.size(); i++) {
                longest = Math.max(longest, all.get(i).nanos() - all.get(i - 1).nanos());
            }
            return Duration.ofNanos(longest);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        publisher.shutdownNow();
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    private Reader reader() throws Exception {
        Reader reader = new Reader();
        clients.add(reader);
        assertThat(reader.hello.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return reader;
    }

    /** Opens the event stream on a raw socket with a small receive buffer, and never reads from it. */
    private Socket stalledClient() throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.setReceiveBufferSize(4096); // before connecting, so that the window it announces is small
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private void publishTick() {
        for (int i = 0; i < UPDATES_PER_TICK; i++) {
            live.publish("load", Map.of("seq", published.getAndIncrement(), "padding", PADDING));
        }
    }

    private static boolean threadAlive(String nameEnd) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().endsWith(nameEnd) && thread.isAlive());
    }

    @Test
    void aClientThatNeverReadsIsDroppedAndDelaysNoOtherClient() throws Exception {
        long droppedBefore = live.drops(LiveUpdates.Drop.STALLED) + live.drops(LiveUpdates.Drop.FELL_BEHIND);
        List<Reader> readers = List.of(reader(), reader());
        Socket stalled = stalledClient();
        // Its connection's name and its writer thread's name end with the client's address.
        String stalledName = ":" + stalled.getLocalPort() + ")";
        await().atMost(PATIENCE)
                .until(() -> live.connectionNames().stream().anyMatch(name -> name.endsWith(stalledName)));
        assertThat(threadAlive(stalledName)).isTrue();

        publisher.scheduleAtFixedRate(this::publishTick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE)
                .until(() -> live.connectionNames().stream().noneMatch(name -> name.endsWith(stalledName)));
        long atDrop = published.get();
        // Another second of updates after the drop.
        await().atMost(PATIENCE).until(() -> published.get() >= atDrop + 2000);
        publisher.shutdown();
        assertThat(publisher.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        long total = published.get();

        assertThat(live.drops(LiveUpdates.Drop.STALLED) + live.drops(LiveUpdates.Drop.FELL_BEHIND))
                .as("dropped for falling behind: the stalled client only")
                .isEqualTo(droppedBefore + 1);
        for (Reader reader : readers) {
            await().atMost(PATIENCE).until(() -> reader.arrivals().size() == total);
            assertThat(reader.arrivals())
                    .as("every update, in order")
                    .extracting(Arrival::seq)
                    .containsExactlyElementsOf(
                            LongStream.range(0, total).boxed().toList());
            assertThat(reader.longestGap()).isLessThan(MAX_GAP);
        }

        // Its writer was stuck in a write; the server's write timeout ends that write and frees the thread,
        // and the server hangs up: reading now drains what the socket buffers held, then meets the end.
        await().atMost(PATIENCE).until(() -> !threadAlive(stalledName));
        stalled.setSoTimeout((int) PATIENCE.toMillis());
        assertThat(readToEnd(stalled.getInputStream())).isPositive();
    }

    /** @return the bytes read before the server closed the connection */
    private static long readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketException reset) {
            // the server closed it abortively: also the end
        }
        return total;
    }
}
