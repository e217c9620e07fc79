/** The job board: the page's view of every job, kept by an orchestrator on the global bus. */
@NullMarked
package dev.orchestrator.sample.board;

import org.jspecify.annotations.NullMarked;
