package dev.orchestrator.spring.slice;

import org.springframework.stereotype.Component;

/** The real client: a plain component, which the slice leaves out. */
@Component
class HttpReportClient implements ReportClient {
    @Override
    public String fetch(String quarter) {
        throw new UnsupportedOperationException("no network in tests");
    }
}
