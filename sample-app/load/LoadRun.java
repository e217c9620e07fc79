import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded load run against the sample app on this machine, with the JDK only:
 *
 * <pre>java sample-app/load/LoadRun.java [--base http://127.0.0.1:8080] [--seconds 60] [--loop]</pre>
 *
 * <ol>
 *   <li><b>Load</b> ({@code --seconds}, 60 by default): 16 threads start jobs of every kind the sample
 *       has (uploads, flaky calls in each mode, exports, logins) as fast as the app answers, and cancel
 *       a fifth of the jobs they start. Meanwhile 5 clients read the live updates
 *       ({@code /api/events}) and note the longest pause between two events, and one more client opens
 *       them on a socket with a 4 KB receive buffer and never reads. No feedback loop runs: the
 *       circuit breaker must not trip.
 *   <li><b>Refusals</b>: every 503 must say how many jobs wait in the full queue; that number must be
 *       the queue's capacity (the queue is full), and the jobs the registry counts as live (sampled
 *       right after a refusal, at most 5 times a second) must account for them: no cancelled or ended
 *       job's task holds a slot.
 *   <li><b>Bad input</b>: unreadable JSON, a fractional duration, a body over 16 KB, huge values,
 *       malformed job ids on the API and the Actuator; each must get a 4xx that does not repeat a
 *       huge value.
 *   <li><b>Feedback loop</b> (only with {@code --loop}): starts the page's ping-pong loop; the breaker
 *       must trip and health stay UP.
 * </ol>
 *
 * Prints a summary and exits 1 when an expectation fails (2 on bad arguments or no app). It only talks
 * to a loopback address and ends after the load plus at most about a minute.
 */
public final class LoadRun {

    static final int LOAD_THREADS = 16;
    static final int READERS = 5;
    static final double CANCEL_SHARE = 0.2;
    static final Duration MAX_GAP = Duration.ofSeconds(1);
    /** How long the server gets to close the stalled client's connection once the load ended. */
    static final Duration STALLED_CLOSE_PATIENCE = Duration.ofSeconds(20);
    /** A 4xx answer that repeats this many characters of a huge value echoes it. */
    static final int ECHO_RUN = 100;

    private static final Pattern WAITING = Pattern.compile("(\\d+) jobs wait for one of its (\\d+) workers");
    private static final Pattern CAPACITY = Pattern.compile("queue (?:capacity|of|holds) (\\d+)");
    private static final Pattern ACTIVE_LIMIT = Pattern.compile("(\\d+) jobs are active");
    private static final Pattern RUNNING_JOBS = Pattern.compile("\"runningJobs\"\\s*:\\s*(\\d+)");
    private static final Pattern TRIPS = Pattern.compile("\"trips\"\\s*:\\s*(\\d+)");
    private static final Pattern COUNT = Pattern.compile("\"statistic\"\\s*:\\s*\"COUNT\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.Ee+]+)");
    private static final Pattern ID = Pattern.compile("\"(?:id|jobId)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern INSTANCE = Pattern.compile("\"instance\"\\s*:\\s*\"(?:[^\"\\\\]++|\\\\.)*+\"");
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"");

    private final URI base;
    private final int seconds;
    private final int queueCapacity;
    private final boolean loop;
    private final HttpClient http;

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder refusedQueueFull = new LongAdder();
    private final LongAdder refusedNearlyFull = new LongAdder();
    private final LongAdder refusedActiveLimit = new LongAdder();
    private final LongAdder liveChecks = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final AtomicLong nextLiveCheck = new AtomicLong();
    /** Failed expectations: what failed, how often, and the first time's details. */
    private final Map<String, Failure> failures = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    private LoadRun(URI base, int seconds, int queueCapacity, boolean loop) {
        this.base = base;
        this.seconds = seconds;
        this.queueCapacity = queueCapacity;
        this.loop = loop;
        this.http = client();
    }

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:8080";
        int seconds = 60;
        int queueCapacity = 1000;
        boolean loop = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base" -> base = value(args, ++i);
                case "--seconds" -> seconds = Integer.parseInt(value(args, ++i));
                case "--queue-capacity" -> queueCapacity = Integer.parseInt(value(args, ++i));
                case "--loop" -> loop = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (seconds < 1 || seconds > 600) {
            usage("--seconds must be between 1 and 600");
        }
        URI uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            usage("--base must be a loopback address (127.0.0.1, localhost, [::1]), was " + base);
        }
        System.exit(new LoadRun(uri, seconds, queueCapacity, loop).run() ? 0 : 1);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(
                "usage: java sample-app/load/LoadRun.java [--base http://127.0.0.1:8080] [--seconds 60]"
                        + " [--queue-capacity 1000] [--loop]");
        System.exit(2);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    // ---- the run --------------------------------------------------------------------------------

    private boolean run() throws Exception {
        Answer health = send("GET", "/actuator/health", null);
        if (health.status() != 200) {
            System.err.println("No sample app at " + base + " (GET /actuator/health answered " + health.status()
                    + "); start it first, see sample-app/load/README.md");
            System.exit(2);
        }
        System.out.printf("Load run against %s: %d s, %d threads, %d reading clients, 1 stalled client%n",
                base, seconds, LOAD_THREADS, READERS);

        long tripsBefore = tripsCounted();
        long endpointTripsBefore = endpointTrips();
        long endedBefore = jobsEnded();

        List<Reader> readers = new ArrayList<>();
        for (int i = 1; i <= READERS; i++) {
            Reader reader = new Reader("reader-" + i);
            readers.add(reader);
            reader.start();
        }
        Socket stalled = openStalledClient();
        for (Reader reader : readers) {
            reader.awaitConnected(Duration.ofSeconds(10));
        }

        Instant loadStartInstant = Instant.now();
        long loadStart = System.nanoTime();
        long deadline = loadStart + Duration.ofSeconds(seconds).toNanos();
        readers.forEach(reader -> reader.measureFrom(loadStart + Duration.ofSeconds(1).toNanos()));
        List<Thread> workers = new ArrayList<>();
        for (int i = 1; i <= LOAD_THREADS; i++) {
            Thread worker = new Thread(() -> startJobsUntil(deadline), "load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(seconds + 30).toMillis());
        }
        long loadEnd = System.nanoTime();
        readers.forEach(reader -> reader.measureUntil(loadEnd));

        long tripsDuringLoad = tripsCounted() - tripsBefore;
        long endpointTripsDuringLoad = endpointTrips() - endpointTripsBefore;
        long endedDuringLoad = jobsEnded() - endedBefore;
        Map<String, Integer> tripsByKind = tripsSince(loadStartInstant);
        boolean stalledClosed = closedByServer(stalled);
        readers.forEach(Reader::stop);
        List<String> sweep = badInputSweep();
        String loopResult = loop ? feedbackLoop() : "not run (add --loop)";

        // ---- summary ----
        double loadSeconds = (loadEnd - loadStart) / 1e9;
        System.out.println();
        System.out.println("Summary");
        row("load duration", String.format(Locale.ROOT, "%.1f s", loadSeconds));
        row("jobs accepted (202)", accepted.sum() + String.format(Locale.ROOT, "  (%.0f/s)", accepted.sum() / loadSeconds));
        row("jobs refused (503)", refused.sum() + "  (queue full: " + refusedQueueFull.sum()
                + ", full but for what workers took meanwhile: " + refusedNearlyFull.sum() + ", active-job limit: "
                + refusedActiveLimit.sum() + "; live jobs checked at " + liveChecks.sum() + " of them)");
        row("cancels accepted (202)", String.valueOf(cancelled.sum()));
        row("jobs ended during load", endedDuringLoad + "  (orchestrator.jobs count)");
        row("breaker trips during load", tripsDuringLoad + "  (orchestrator.circuit.breaker.trips; trip log: "
                + endpointTripsDuringLoad + ")");
        if (!tripsByKind.isEmpty()) {
            row("  of which", tripsByKind.toString());
        }
        row("5xx other than 503", String.valueOf(serverErrors.size()));
        row("answers", new TreeMap<>(answers).toString());
        for (Reader reader : readers) {
            row("live updates " + reader.name, String.format(Locale.ROOT,
                    "%d events, longest gap %d ms, dropped %d times", reader.events.sum(),
                    reader.maxGapMillis(), reader.drops.get()));
        }
        row("stalled client", stalledClosed ? "dropped: the server closed its connection" : "still open");
        row("bad-input sweep", sweep.size() + " requests, all 4xx without echo unless listed below");
        row("feedback loop", loopResult);

        // ---- expectations ----
        expect(accepted.sum() > 0, "the app accepted jobs");
        expect(serverErrors.isEmpty(), "no 5xx other than 503 refusals, no failed request: " + first(serverErrors));
        expect(tripsDuringLoad == 0 && endpointTripsDuringLoad == 0,
                "no breaker trip without a loop: " + tripsDuringLoad + " trips during the load");
        for (Reader reader : readers) {
            expect(reader.maxGapMillis() < MAX_GAP.toMillis() && reader.drops.get() == 0,
                    "live updates of " + reader.name + " never paused " + MAX_GAP.toMillis() + " ms or more ("
                            + reader.maxGapMillis() + " ms) and were never dropped (" + reader.drops.get() + ")");
        }
        expect(stalledClosed, "the stalled client was dropped (its connection closed within "
                + STALLED_CLOSE_PATIENCE.toSeconds() + " s of the end of the load)");
        System.out.println();
        notes.forEach(note -> System.out.println("note: " + note));
        if (failures.isEmpty()) {
            System.out.println("All expectations met.");
            return true;
        }
        System.out.println(failures.size() + " expectation(s) failed:");
        synchronized (failures) {
            failures.forEach((what, failure) -> System.out.println("  FAILED: " + what
                    + (failure.times().sum() > 1 ? " (" + failure.times().sum() + " times)" : "")
                    + (failure.first().isEmpty() ? "" : "; first: " + failure.first())));
        }
        return false;
    }

    private record Failure(LongAdder times, String first) {}

    private void expect(boolean met, String what) {
        if (!met) {
            fail(what, "");
        }
    }

    private void fail(String what, String details) {
        failures.computeIfAbsent(what, key -> new Failure(new LongAdder(), details)).times().increment();
    }

    private static String first(List<String> list) {
        synchronized (list) {
            return list.isEmpty() ? "none" : list.size() + ", first: " + list.get(0);
        }
    }

    private static void row(String name, String value) {
        System.out.printf("  %-32s %s%n", name, value);
    }

    // ---- load -------------------------------------------------------------------------------------

    /** What one request starts: its path, body and label. */
    private record Start(String label, String path, String body, boolean cancellable) {}

    private static Start randomStart(ThreadLocalRandom random) {
        int pick = random.nextInt(100);
        if (pick < 10) {
            return new Start("upload", "/api/jobs", "{\"kind\":\"upload\",\"parts\":5,\"durationMs\":"
                    + random.nextInt(500, 3000) + "}", true);
        }
        if (pick < 40) {
            return new Start("flaky random", "/api/jobs", "{\"kind\":\"flaky\",\"mode\":\"random\",\"durationMs\":"
                    + random.nextInt(50, 400) + "}", true);
        }
        if (pick < 55) {
            return new Start("flaky transient", "/api/jobs",
                    "{\"kind\":\"flaky\",\"mode\":\"transient\",\"failFirst\":1,\"durationMs\":100}", true);
        }
        if (pick < 65) {
            return new Start("flaky permanent", "/api/jobs", "{\"kind\":\"flaky\",\"mode\":\"permanent\"}", true);
        }
        if (pick < 90) {
            // Half of them need longer than the export's timeout.
            return new Start("export", "/api/jobs", "{\"kind\":\"export\",\"durationMs\":"
                    + random.nextInt(200, 6000) + "}", true);
        }
        return new Start("login", "/api/login", "{\"user\":\"user" + random.nextInt(1000) + "\"}", false);
    }

    private void startJobsUntil(long deadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            Start start = randomStart(random);
            Answer answer = send("POST", start.path(), start.body());
            count("POST " + start.label() + " " + answer.status());
            if (answer.status() == 202) {
                accepted.increment();
                Matcher id = ID.matcher(answer.body());
                if (start.cancellable() && id.find() && random.nextDouble() < CANCEL_SHARE) {
                    Answer cancel = send("DELETE", "/api/jobs/" + id.group(1), null);
                    count("DELETE " + cancel.status());
                    if (cancel.status() == 202) {
                        cancelled.increment();
                    } else if (cancel.status() != 409 && cancel.status() != 404) {
                        unexpected("DELETE /api/jobs/{id}", cancel);
                    }
                }
            } else if (answer.status() == 503) {
                refusal(answer);
            } else {
                unexpected("POST " + start.path() + " (" + start.label() + ")", answer);
            }
        }
    }

    private void unexpected(String request, Answer answer) {
        if (answer.status() >= 500 || answer.status() < 0) {
            serverErrors.add(request + " -> " + answer.status() + " " + cut(answer.body()));
        } else {
            notes.add(request + " -> " + answer.status() + " " + cut(answer.body()));
        }
    }

    private void refusal(Answer answer) {
        refused.increment();
        String detail = detail(answer.body());
        Matcher waiting = WAITING.matcher(detail);
        if (waiting.find()) {
            int jobsWaiting = Integer.parseInt(waiting.group(1));
            int workers = Integer.parseInt(waiting.group(2));
            Matcher stated = CAPACITY.matcher(detail);
            int capacity = stated.find() ? Integer.parseInt(stated.group(1)) : queueCapacity;
            if (jobsWaiting == capacity) {
                refusedQueueFull.increment();
            } else if (jobsWaiting < capacity && jobsWaiting >= capacity - workers) {
                // The count is read after the refusal: meanwhile each worker may have taken a job from the queue.
                refusedNearlyFull.increment();
            } else {
                fail("every refusal happened with the queue full", "a refusal with " + jobsWaiting
                        + " jobs waiting in a queue of " + capacity + ": " + cut(detail));
            }
            checkLive(jobsWaiting, workers);
        } else if (ACTIVE_LIMIT.matcher(detail).find()) {
            refusedActiveLimit.increment();
        } else {
            fail("every refusal says how many jobs wait", cut(detail));
        }
    }

    /**
     * Right after a refusal, the jobs the registry counts as live (running, waiting for a worker, or
     * waiting to retry) must account for the jobs waiting in the queue, give or take the workers'
     * jobs that ended meanwhile. Fewer would mean tasks of ended jobs hold queue slots.
     */
    private void checkLive(int jobsWaiting, int workers) {
        long now = System.nanoTime();
        long next = nextLiveCheck.get();
        if (now < next || !nextLiveCheck.compareAndSet(next, now + Duration.ofMillis(200).toNanos())) {
            return;
        }
        liveChecks.increment();
        Matcher running = RUNNING_JOBS.matcher(send("GET", "/actuator/orchestrator", null).body());
        if (!running.find()) {
            fail("/actuator/orchestrator says how many jobs run", "");
            return;
        }
        long live = Long.parseLong(running.group(1));
        if (live + workers < jobsWaiting) {
            fail("no task of an ended job holds a queue slot", "a refusal with " + jobsWaiting
                    + " jobs waiting, but only " + live + " live jobs");
        }
    }

    private void count(String key) {
        answers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    // ---- live updates -----------------------------------------------------------------------------

    /** A client that reads the live updates as a page does, and notes the longest pause between two events. */
    private final class Reader {
        final String name;
        final LongAdder events = new LongAdder();
        final AtomicLong drops = new AtomicLong();
        private final HttpClient client = client(); // its own, so that no other request delays its reading
        private final Thread thread;
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long measureUntil = Long.MAX_VALUE;
        private volatile boolean stopped;
        private volatile boolean connected;
        private volatile InputStream body;
        private long lastEvent;
        private volatile long maxGapNanos;

        Reader(String name) {
            this.name = name;
            this.thread = new Thread(this::readUntilStopped, name);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void awaitConnected(Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (!connected && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a flag; the run has not started yet
            }
            if (!connected) {
                fail(name + " opens /api/events", "");
            }
        }

        void measureFrom(long nanos) {
            measureFrom = nanos;
        }

        void measureUntil(long nanos) {
            measureUntil = nanos;
        }

        long maxGapMillis() {
            return Duration.ofNanos(maxGapNanos).toMillis();
        }

        void stop() {
            stopped = true;
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private void readUntilStopped() {
            while (!stopped) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/events"))
                            .header("Accept", "text/event-stream")
                            .build();
                    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    body = response.body();
                    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event:")) {
                            event(System.nanoTime());
                            if (line.equals("event:hello")) {
                                connected = true;
                            }
                        }
                    }
                } catch (IOException ex) {
                    // ended; counted below
                } catch (InterruptedException ex) {
                    return;
                }
                if (!stopped) {
                    long now = System.nanoTime();
                    if (now >= measureFrom && now <= measureUntil) {
                        drops.incrementAndGet(); // the page would reconnect and reload /api/state; so does this
                    }
                }
            }
        }

        private void event(long now) {
            events.increment();
            if (lastEvent >= measureFrom && now <= measureUntil) {
                maxGapNanos = Math.max(maxGapNanos, now - lastEvent);
            }
            lastEvent = now;
        }
    }

    /** Opens the live updates on a socket that announces a small window, and never reads from it. */
    private Socket openStalledClient() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        int port = base.getPort() == -1 ? 80 : base.getPort();
        socket.connect(new InetSocketAddress(base.getHost(), port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + port
                        + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /**
     * Whether the server closed the stalled client's connection. Reading to the end is not enough:
     * after a long stall the server's TCP probes the closed window only every minute or two. So it
     * first sends an empty line (harmless to a server that still serves the connection; a socket the
     * server closed answers it with a reset), then reads what the socket holds.
     */
    private static boolean closedByServer(Socket socket) throws IOException {
        long deadline = System.nanoTime() + STALLED_CLOSE_PATIENCE.toNanos();
        byte[] buffer = new byte[64 * 1024];
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
        return false;
    }

    // ---- bad input --------------------------------------------------------------------------------

    private List<String> badInputSweep() {
        String huge = "9".repeat(5000);
        String hugeText = "k".repeat(5000);
        String longId = "a".repeat(2000);
        List<String[]> requests = List.of(
                new String[] {"POST", "/api/jobs", "{\"kind\":\"upload\",", null},
                new String[] {"POST", "/api/jobs", "not json at all", null},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"flaky\",\"durationMs\":1.5}", null},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"export\",\"durationMs\":" + huge + "}", huge},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"upload\",\"parts\":\"" + hugeText + "\"}", hugeText},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"" + hugeText + "\"}", hugeText},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"flaky\",\"mode\":\"" + hugeText + "\"}", hugeText},
                new String[] {"POST", "/api/jobs", "{\"kind\":\"upload\",\"pad\":\"" + "x".repeat(20_000) + "\"}",
                    "x".repeat(20_000)},
                new String[] {"POST", "/api/login", "{\"user\":\"" + hugeText + "\"}", hugeText},
                new String[] {"GET", "/api/jobs/not-a-job-id", null, null},
                new String[] {"DELETE", "/api/jobs/not-a-job-id", null, null},
                new String[] {"GET", "/api/jobs/" + longId, null, longId},
                new String[] {"DELETE", "/api/jobs/" + longId, null, longId},
                new String[] {"GET", "/actuator/orchestrator/jobs/bad!id", null, null},
                new String[] {"DELETE", "/actuator/orchestrator/jobs/bad!id", null, null},
                new String[] {"GET", "/actuator/orchestrator/jobs/" + longId, null, longId},
                new String[] {"DELETE", "/actuator/orchestrator/jobs/" + longId, null, longId});
        List<String> results = new ArrayList<>();
        for (String[] request : requests) {
            Answer answer = send(request[0], request[1], request[2]);
            String what = request[0] + " " + cut(request[1]) + (request[2] == null ? "" : " " + cut(request[2]));
            results.add(what + " -> " + answer.status());
            if (answer.status() < 400 || answer.status() > 499) {
                fail("bad input gets a 4xx: " + what, answer.status() + " " + cut(answer.body()));
            }
            String value = request[3];
            // "instance" is the request's own path (RFC 9457), which Spring fills in; the rest must not echo.
            String withoutInstance = INSTANCE.matcher(answer.body()).replaceAll("");
            if (value != null
                    && !withoutInstance.contains(value.substring(0, ECHO_RUN))
                    && answer.body().contains(value.substring(0, ECHO_RUN))) {
                notes.add(what + " -> " + answer.status() + ": only its \"instance\" (the request path) repeats the value");
            }
            if (value != null && withoutInstance.contains(value.substring(0, ECHO_RUN))) {
                fail("bad input's answer does not repeat a huge value: " + what, answer.status() + " ("
                        + answer.body().length() + " characters) " + cut(answer.body()));
            }
        }
        return results;
    }

    // ---- feedback loop ----------------------------------------------------------------------------

    private String feedbackLoop() throws InterruptedException {
        long before = tripsCounted();
        Answer start = send("POST", "/api/loop", "{}");
        if (start.status() != 202) {
            fail("the feedback loop starts", "POST /api/loop answered " + start.status());
            return "could not start: " + start.status();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long trips = 0;
        while (System.nanoTime() < deadline && (trips = tripsCounted() - before) == 0) {
            Thread.sleep(100); // polling the trip count
        }
        Answer health = send("GET", "/actuator/health", null);
        boolean up = health.status() == 200 && health.body().contains("\"status\":\"UP\"");
        expect(trips > 0, "the feedback loop trips the breaker");
        expect(up, "health stays UP after the loop tripped the breaker: " + health.status() + " " + cut(health.body()));
        return trips + " trip(s) within 10 s, health " + (up ? "UP" : health.status() + " " + cut(health.body()));
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    private record Answer(int status, String body) {}

    private Answer send(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException | IllegalArgumentException ex) {
            return new Answer(-1, ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Answer(-1, ex.toString());
        }
    }

    /** Trips counted by the metric (absent until the first trip). */
    private long tripsCounted() {
        Answer answer = send("GET", "/actuator/metrics/orchestrator.circuit.breaker.trips", null);
        if (answer.status() == 404) {
            return 0;
        }
        Matcher count = COUNT.matcher(answer.body());
        return count.find() ? (long) Double.parseDouble(count.group(1)) : 0;
    }

    /** Trips in the registry's trip log, as the Actuator endpoint shows them. */
    private long endpointTrips() {
        Matcher trips = TRIPS.matcher(send("GET", "/actuator/orchestrator", null).body());
        return trips.find() ? Long.parseLong(trips.group(1)) : 0;
    }

    /** Trips of the trip log since {@code since}, counted by orchestrator and event type. */
    private Map<String, Integer> tripsSince(Instant since) {
        Map<String, Integer> trips = new TreeMap<>();
        Matcher trip = OBJECT.matcher(send("GET", "/actuator/orchestrator/trips", null).body());
        while (trip.find()) {
            String orchestrator = field(trip.group(), "orchestrator");
            String eventType = field(trip.group(), "eventType");
            String at = field(trip.group(), "at");
            if (!at.isEmpty() && !Instant.parse(at).isBefore(since)) {
                trips.merge(orchestrator + " " + eventType.substring(eventType.lastIndexOf('.') + 1), 1, Integer::sum);
            }
        }
        return trips;
    }

    /** Jobs that ended, as the orchestrator.jobs timer counts them. */
    private long jobsEnded() {
        Answer answer = send("GET", "/actuator/metrics/orchestrator.jobs", null);
        Matcher count = COUNT.matcher(answer.body());
        return count.find() ? (long) Double.parseDouble(count.group(1)) : 0;
    }

    /** @return the string member {@code name} of a flat JSON object, or "" */
    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return value.find() ? value.group(1) : "";
    }

    private static String detail(String body) {
        Matcher detail = DETAIL.matcher(body);
        return detail.find() ? detail.group(1) : body;
    }

    private static String cut(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "… (" + oneLine.length() + " chars)";
    }
}
