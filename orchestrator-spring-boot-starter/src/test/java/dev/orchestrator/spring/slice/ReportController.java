package dev.orchestrator.spring.slice;

import org.springframework.stereotype.Component;

/** Stands for the web layer: the slice leaves it out. */
@Component
class ReportController {}
