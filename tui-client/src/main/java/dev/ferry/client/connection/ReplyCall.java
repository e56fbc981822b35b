package dev.ferry.client.connection;

import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A request answered by one reply, or by pages that end with a last one. ERROR completes it
 * exceptionally with the server's code and message.
 */
public final class ReplyCall<M extends Message, T> implements Call {
    private final Class<M> replyType;
    private final Predicate<M> last;
    private final Function<List<M>, T> result;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final List<M> pages = new ArrayList<>(1);

    private ReplyCall(Class<M> replyType, Predicate<M> last, Function<List<M>, T> result) {
        this.replyType = replyType;
        this.last = last;
        this.result = result;
    }

    /** A call answered by a single {@code replyType}. */
    public static <M extends Message, T> ReplyCall<M, T> single(Class<M> replyType, Function<M, T> result) {
        return new ReplyCall<>(replyType, m -> true, pages -> result.apply(pages.get(0)));
    }

    /** A call answered by pages of {@code replyType} up to the one {@code last} accepts. */
    public static <M extends Message, E> ReplyCall<M, List<E>> paged(Class<M> replyType, Predicate<M> last,
            Function<M, List<E>> items) {
        return new ReplyCall<>(replyType, last, pages -> {
            List<E> all = new ArrayList<>();
            pages.forEach(page -> all.addAll(items.apply(page)));
            return all;
        });
    }

    public CompletableFuture<T> future() {
        return future;
    }

    @Override
    public boolean onFrame(Message message, FrameReader reader) throws ProtocolException {
        if (message instanceof ErrorReply error) {
            future.completeExceptionally(new FerryException(FerryException.Kind.REMOTE, error.code(), error.message()));
            return true;
        }
        if (!replyType.isInstance(message)) {
            throw new ProtocolException("expected " + replyType.getSimpleName() + ", got " + message.type());
        }
        M page = replyType.cast(message);
        pages.add(page);
        if (!last.test(page)) {
            return false;
        }
        try {
            future.complete(result.apply(pages));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return true;
    }

    @Override
    public void fail(FerryException failure) {
        future.completeExceptionally(failure);
    }
}
