package dev.orchestrator.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observation the starter makes of every job, its keys and its events. */
public enum JobObservationDocumentation implements ObservationDocumentation {

    /**
     * One observation per job, from the start of its first attempt to its ending (started and stopped
     * at once for a job cancelled before its first attempt). Its parent is the observation that was
     * current where the job was dispatched; each attempt that runs on this instance runs in its
     * scope. Each retry is an {@linkplain Events#RETRY event}. A failure records the exception of
     * the last attempt, when that attempt ran here.
     */
    JOB {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultJobObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }
    };

    /** Keys with bounded values, which become meter tags. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The job class's simple name. */
        JOB {
            @Override
            public String asString() {
                return "job";
            }
        },

        /** The name of the bus the job's events go to. */
        BUS {
            @Override
            public String asString() {
                return "bus";
            }
        },

        /** How the job ended: {@code success}, {@code failure}, {@code timeout}, {@code cancelled}; absent while it runs. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** Keys with unbounded values: traces only. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** The job's id. */
        JOB_ID {
            @Override
            public String asString() {
                return "job.id";
            }
        }
    }

    /** What happens during a job's observation. */
    public enum Events implements Observation.Event {

        /**
         * An attempt failed and the job runs again after a wait. Named {@code retries}: Micrometer
         * counts it as {@code orchestrator.jobs.retries}; in a trace it reads, formatted with the
         * attempt, the most attempts, the error's class and the wait, for example {@code attempt 1 of
         * 4 failed (IOException); the next starts in PT1S}.
         */
        RETRY {
            @Override
            public String getName() {
                return "retries";
            }

            @Override
            public String getContextualName() {
                return "attempt %d of %d failed (%s); the next starts in %s";
            }
        }
    }
}
