/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The completion thread: {@link dev.vltava.producer.internal.completion.Completions} runs the interceptors'
 * acknowledgements, the callbacks and the future completions that the sender hands it, in order, off the I/O thread;
 * never drops one (after the thread ended, a late completion runs on the submitting thread); bounds its backlog by
 * holding {@code send()} back while callbacks fall behind; and recognises its own thread, so a blocking wait inside a
 * callback can be refused instead of deadlocking. A leaf: it depends on nothing else in Vltava.
 */
package dev.vltava.producer.internal.completion;
