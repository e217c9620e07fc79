package dev.orchestrator.spring.slice;

/** The remote service the executor calls: tests replace it with {@code @MockitoBean}. */
interface ReportClient {
    String fetch(String quarter) throws Exception;
}
