package dev.ferry.daemon.session;

import dev.ferry.daemon.changes.Watchers;
import dev.ferry.daemon.history.ConnectionTable;
import dev.ferry.daemon.history.NameAllocator;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's client slots and the sessions that hold them. Admission is atomic: the capacity
 * check, the name, the history row, the WELCOME and the JOINED event to everyone else happen under
 * one lock, so names go out in order, never twice, and no client ever sees an event about a
 * client before that client's own WELCOME. A slot is free again the moment its session calls
 * {@link #leave}.
 *
 * <p>Connections that have yet to say HELLO are counted too, in all and per address, so neither a
 * crowd of silent connections nor one address alone can take every place in the handshake.
 */
public final class SessionRegistry implements Watchers {
    /** Whether a new connection may begin its handshake. */
    public enum Admission { ADMITTED, BUSY, ADDRESS_BUSY }

    /** Messages to everyone kept for newcomers, who get them as EARLIER right after WELCOME. */
    static final int RECENT_MESSAGES = 20;
    /**
     * Event writes a second, to all clients together, that a broadcast aims at: with N clients
     * each one's events wait N / this many seconds for company (at least the writer's own 20 ms,
     * at most {@link #MAX_EVENT_DELAY_MILLIS}). A thousand clients connecting at once send each
     * other half a million JOINED events; written one by one they cost the daemon a write, and
     * each client a read, apiece, and the connections came at 60 a second. Held to a few thousand
     * writes a second, a client still learns of others within a quarter of a second.
     */
    static final int EVENT_WRITES_PER_SECOND = 4000;
    static final long MAX_EVENT_DELAY_MILLIS = 250;

    private final int maxClients;
    private final int maxHandshakes;
    private final int maxHandshakesPerAddress;
    private final ConnectionTable table;
    private final NameAllocator names = new NameAllocator();
    private final Set<Session> handshaking = new HashSet<>();
    private final Map<String, Integer> handshakingByHost = new HashMap<>();
    private final Map<String, Session> admitted = new LinkedHashMap<>();
    private final Deque<Message.Chat> recent = new ArrayDeque<>();

    public SessionRegistry(int maxClients, int maxHandshakes, int maxHandshakesPerAddress, ConnectionTable table) {
        this.maxClients = maxClients;
        this.maxHandshakes = maxHandshakes;
        this.maxHandshakesPerAddress = maxHandshakesPerAddress;
        this.table = table;
    }

    /** Registers a new connection that has yet to say HELLO, unless too many already wait, in all or from its address. */
    public synchronized Admission handshakeStarted(Session session) {
        if (handshaking.size() >= maxHandshakes) {
            return Admission.BUSY;
        }
        int fromHost = handshakingByHost.getOrDefault(session.host(), 0);
        if (fromHost >= maxHandshakesPerAddress) {
            return Admission.ADDRESS_BUSY;
        }
        handshaking.add(session);
        handshakingByHost.put(session.host(), fromHost + 1);
        return Admission.ADMITTED;
    }

    /** Forgets a connection that was accepted but never ran. */
    public synchronized void handshakeEnded(Session session) {
        if (!handshaking.remove(session)) {
            return;
        }
        handshakingByHost.computeIfPresent(session.host(), (host, count) -> count > 1 ? count - 1 : null);
    }

    /**
     * Gives back whatever the session holds: its slot (recording when it finished and telling
     * everyone else) or its place among the handshaking connections.
     */
    public synchronized void release(Session session, String reason) {
        handshakeEnded(session);
        leave(session, reason);
    }

    /**
     * Takes a slot for the session if one is free: names it, records it, lets it send WELCOME and
     * tells everyone else. Returns the name, or null if the server is full.
     */
    public synchronized String admit(Session session) {
        handshakeEnded(session);
        if (admitted.size() >= maxClients || session.ending()) {
            return null;
        }
        String name = names.next();
        ConnectionRow row = table.connected(name, session.access().label(), session.address());
        session.admitted(name);
        for (Message.Chat chat : recent) {
            session.event(MessageCodec.encode(0, new Message.Earlier(chat.from(), chat.text(), chat.at())));
        }
        admitted.put(name, session);
        broadcast(session, new Message.Joined(name, row.key(), row.address(), row.acceptedAt()));
        return name;
    }

    /** Sends a message to everyone but its sender (the client it is {@link Message.Chat#from() from}), and keeps it for those who join later. */
    public synchronized void chat(Message.Chat chat) {
        recent.addLast(chat);
        while (recent.size() > RECENT_MESSAGES) {
            recent.removeFirst();
        }
        broadcast(admitted.get(chat.from()), chat);
    }

    /**
     * Sends a private message to the client named {@code to}; false if no such client is
     * connected now.
     */
    public synchronized boolean sendTo(String to, Message.Private message) {
        Session session = admitted.get(to);
        if (session == null) {
            return false;
        }
        session.event(MessageCodec.encode(0, message));
        return true;
    }

    private void leave(Session session, String reason) {
        String name = session.name();
        if (name == null || admitted.get(name) != session) {
            return;
        }
        admitted.remove(name);
        ConnectionRow row = table.finished(name);
        broadcast(null, new Message.Left(name, row.finishedAt(), reason));
    }

    /** Sends an event to every admitted session but one (or all, if {@code except} is null). */
    public synchronized void broadcast(Session except, Message.Event event) {
        if (admitted.isEmpty()) {
            return;
        }
        ByteBuffer frame = MessageCodec.encode(0, event);
        long delayMillis = eventDelayMillis(admitted.size());
        for (Session session : List.copyOf(admitted.values())) {
            if (session != except) {
                session.event(frame.duplicate(), delayMillis);
            }
        }
    }

    /** How long a broadcast's events may wait for company at each of {@code clients} clients. */
    static long eventDelayMillis(int clients) {
        return Math.min(MAX_EVENT_DELAY_MILLIS, 1000L * clients / EVENT_WRITES_PER_SECOND);
    }

    @Override
    public synchronized boolean anyWatching() {
        for (Session session : admitted.values()) {
            if (session.watchesFiles()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void toWatchers(ByteBuffer frame) {
        for (Session session : admitted.values()) {
            if (session.watchesFiles()) {
                session.event(frame.duplicate());
            }
        }
    }

    @Override
    public synchronized void toAllBut(String except, Message.Event event) {
        broadcast(admitted.get(except), event);
    }

    /** The sessions admitted now, in order of admission. */
    public synchronized List<Session> admittedSessions() {
        return List.copyOf(admitted.values());
    }

    /** Clients connected now. */
    public synchronized int connected() {
        return admitted.size();
    }

    /** Connections that have yet to say HELLO. */
    public synchronized int handshaking() {
        return handshaking.size();
    }

    public int maxClients() {
        return maxClients;
    }

}
