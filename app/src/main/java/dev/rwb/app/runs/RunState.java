package dev.rwb.app.runs;

/** Where a launched trainer process stands, as the GUI sees it. */
public enum RunState {
    IDLE, STARTING, RUNNING, STOPPING, FINISHED, FAILED, STOPPED;

    /** True while a process is (or may be) alive: launching again must wait. */
    public boolean active() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
