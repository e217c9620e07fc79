/** A slow export that times out. */
@NullMarked
package dev.orchestrator.sample.export;

import org.jspecify.annotations.NullMarked;
