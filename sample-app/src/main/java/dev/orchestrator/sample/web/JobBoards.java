package dev.orchestrator.sample.web;

import dev.orchestrator.sample.board.JobBoardOrchestrator;
import dev.orchestrator.sample.board.JobView;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The job boards of the upload, flaky and export orchestrators, read as one. */
@Component
class JobBoards {

    private final List<JobBoardOrchestrator> boards;

    JobBoards(List<JobBoardOrchestrator> boards) {
        this.boards = List.copyOf(boards);
    }

    /** @return every job on a board, newest first */
    List<JobView> jobs() {
        return boards.stream()
                .flatMap(board -> board.getState().jobs().stream())
                .sorted(Comparator.comparing(JobView::createdAt).reversed())
                .toList();
    }

    /** @return the board that holds the job, if any */
    Optional<JobBoardOrchestrator> boardOf(String jobId) {
        return boards.stream()
                .filter(board -> board.getState().find(jobId).isPresent())
                .findFirst();
    }

    /** @return the job, if a board holds it */
    Optional<JobView> find(String jobId) {
        return boards.stream()
                .flatMap(board -> board.getState().find(jobId).stream())
                .findFirst();
    }
}
