/** Live updates to the page over Server-Sent Events. */
@NullMarked
package dev.orchestrator.sample.live;

import org.jspecify.annotations.NullMarked;
