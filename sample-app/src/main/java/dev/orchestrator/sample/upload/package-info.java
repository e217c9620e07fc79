/** An upload with progress, cancel and replacement. */
@NullMarked
package dev.orchestrator.sample.upload;

import org.jspecify.annotations.NullMarked;
