package dev.mfakit.sandbox.internal;

import dev.mfakit.sandbox.SentMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every SMS, voice call and e-mail the tenant "sent", newest last, capped so a long benchmark cannot exhaust
 * memory (the oldest message goes first). Listeners run synchronously on the sending request's thread, so a
 * message is both stored and announced before that request's response is written.
 */
final class Outbox {
  private final int capacity;
  private final ArrayDeque<SentMessage> messages = new ArrayDeque<>();
  private final List<Consumer<SentMessage>> listeners = new CopyOnWriteArrayList<>();

  Outbox(int capacity) {
    this.capacity = capacity;
  }

  void send(SentMessage message) {
    synchronized (messages) {
      if (messages.size() == capacity) {
        messages.removeFirst();
      }
      messages.addLast(message);
    }
    for (Consumer<SentMessage> listener : listeners) {
      try {
        listener.accept(message);
      } catch (RuntimeException e) {
        // A faulty listener must not turn a sent message into a failed request.
      }
    }
  }

  List<SentMessage> all() {
    synchronized (messages) {
      return List.copyOf(new ArrayList<>(messages));
    }
  }

  SentMessage lastTo(String recipient) {
    synchronized (messages) {
      Iterator<SentMessage> it = messages.descendingIterator();
      while (it.hasNext()) {
        SentMessage m = it.next();
        if (m.recipient().equals(recipient)) {
          return m;
        }
      }
    }
    return null;
  }

  void addListener(Consumer<SentMessage> listener) {
    listeners.add(listener);
  }
}
