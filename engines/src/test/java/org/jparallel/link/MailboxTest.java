package org.jparallel.link;


import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MailboxTest {
    @Test
    void itemsFromManyThreadsArriveOnceInPerThreadOrderAndWakeThePoller() throws Exception {
        int threads = 4;
        int each = 2000;
        try (Mailbox<int[]> box = new Mailbox<>(); ZContext ctx = new ZContext(1)) {
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(box.channel(), ZMQ.Poller.POLLIN);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        box.post(new int[]{id, i});
                    }
                }).start();
            }
            go.countDown();
            int[] next = new int[threads];
            int got = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got < threads * each && System.nanoTime() < deadline) {
                poller.poll(1000);
                int[] item;
                while ((item = box.poll()) != null) {
                    assertThat(item[1]).isEqualTo(next[item[0]]);
                    next[item[0]]++;
                    got++;
                }
            }
            assertThat(got).isEqualTo(threads * each);
            assertThat(box.isEmpty()).isTrue();
        }
    }

    @Test
    void pollReturnsAtOnceWhenAnItemIsPosted() throws Exception {
        try (Mailbox<String> box = new Mailbox<>(); ZContext ctx = new ZContext(1)) {
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(box.channel(), ZMQ.Poller.POLLIN);
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                new Thread(() -> box.post("x")).start();
                long t0 = System.nanoTime();
                poller.poll(5000);
                waits.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(box.poll()).isEqualTo("x");
                assertThat(box.poll()).isNull();
            }
            assertThat(waits).allMatch(ms -> ms < 4000);
        }
    }
}
