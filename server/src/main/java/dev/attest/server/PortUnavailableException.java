package dev.attest.server;

/** The server could not listen where it was told to: the address is in use, or not this machine's. */
public final class PortUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortUnavailableException(String address) {
        super("cannot listen on " + address + ": the port is in use by another process (or the address is not this"
                + " machine's); stop that process or choose another port");
    }
}
