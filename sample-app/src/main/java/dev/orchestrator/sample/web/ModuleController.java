package dev.orchestrator.sample.web;

import dev.orchestrator.sample.modules.auth.AuthOrchestrator;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Logs a user in: the start of the modules demo (auth, then chat and cart through the global bus). */
@RestController
class ModuleController {

    private final AuthOrchestrator auth;

    ModuleController(AuthOrchestrator auth) {
        this.auth = auth;
    }

    @PostMapping("/api/login")
    ResponseEntity<Map<String, String>> login(@RequestBody LoginRequest request) {
        String user = request.validUser();
        return ResponseEntity.accepted().body(Map.of("jobId", auth.login(user), "user", user));
    }
}
