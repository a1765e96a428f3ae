"""Jupyter comms against the java-parallel kernel, driven as a frontend drives them: jupyter_client
sends comm_open/comm_msg/comm_close and comm_info_request on shell and reads iopub. JUPYTER_PATH must
point at a directory holding kernels/java-parallel (CommsIT renders it into kernel/target/jupyter).
The kernel runs with a 1 MB message limit, so that a comm message over it can be tried cheaply."""
import os
import pathlib
import queue
import time
import unittest
import uuid

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


class CommsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = dict(os.environ, JPARALLEL_MESSAGE_LIMIT_MB="1")
        cls.km, cls.kc = start_new_kernel(kernel_name="java-parallel", startup_timeout=TIMEOUT, env=env)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def tearDown(self):
        # whatever a test did, the kernel still runs cells
        reply, outputs = self.run_cell("6 * 7")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertEqual(self.result(outputs), "42")

    # --- a frontend's moves -------------------------------------------------------------------

    def send_shell(self, msg_type, content, buffers=None):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers)
        return msg["header"]["msg_id"]

    def iopub_until_idle(self, parent_id):
        """The iopub messages that are children of parent_id, from busy to idle (both kept)."""
        out = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != parent_id:
                self.stray.append(msg)
                continue
            out.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out
        self.fail("no idle status for %s within %ss; got %s" % (parent_id, TIMEOUT, [m["msg_type"] for m in out]))

    def shell_reply(self, parent_id):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == parent_id:
                return reply
        self.fail("no shell reply to %s" % parent_id)

    def run_cell(self, code):
        msg_id = self.kc.execute(code)
        reply = self.shell_reply(msg_id)
        return reply, self.iopub_until_idle(msg_id)

    def comm_info(self, target_name=None):
        msg_id = self.kc.comm_info(target_name)
        reply = self.shell_reply(msg_id)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.iopub_until_idle(msg_id)
        return reply["content"]["comms"]

    @staticmethod
    def result(outputs):
        for m in outputs:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]["text/plain"]
        return None

    @staticmethod
    def of_type(outputs, msg_type):
        return [m for m in outputs if m["msg_type"] == msg_type]

    def setUp(self):
        self.stray = []

    def assert_busy_idle(self, outputs):
        states = [m["content"]["execution_state"] for m in outputs if m["msg_type"] == "status"]
        self.assertEqual(states, ["busy", "idle"])

    # --- the tests ----------------------------------------------------------------------------

    def test_frontend_opens_a_comm_to_a_cell_target_talks_and_closes_it(self):
        reply, outputs = self.run_cell("""
var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
Comms.registerTarget("test.counter", (comm, data) -> {
    events.add("open " + data);
    comm.onMessage(msg -> {
        long n = (Long) msg.get("n");
        events.add("msg " + n);
        comm.send(Map.of("doubled", n * 2));
    });
    comm.onClose(data2 -> events.add("close " + data2));
});
""")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        self.assertEqual(self.comm_info("test.counter"), {})

        comm_id = uuid.uuid4().hex
        opened = self.send_shell("comm_open", {"comm_id": comm_id, "target_name": "test.counter",
                                               "data": {"start": 5}})
        out = self.iopub_until_idle(opened)
        self.assert_busy_idle(out)
        self.assertEqual(self.of_type(out, "comm_close"), [], "the kernel refused a comm to a registered target")
        self.assertEqual(self.comm_info()[comm_id], {"target_name": "test.counter"})
        self.assertEqual(self.comm_info("test.counter"), {comm_id: {"target_name": "test.counter"}})
        self.assertNotIn(comm_id, self.comm_info("some.other.target"))

        sent = self.send_shell("comm_msg", {"comm_id": comm_id, "data": {"n": 21}})
        out = self.iopub_until_idle(sent)
        self.assert_busy_idle(out)
        answers = self.of_type(out, "comm_msg")
        self.assertEqual(len(answers), 1, out)
        self.assertEqual(answers[0]["content"], {"comm_id": comm_id, "data": {"doubled": 42}})
        self.assertEqual(answers[0]["parent_header"]["msg_id"], sent)

        closed = self.send_shell("comm_close", {"comm_id": comm_id, "data": {"bye": True}})
        self.assert_busy_idle(self.iopub_until_idle(closed))
        self.assertNotIn(comm_id, self.comm_info())

        reply, outputs = self.run_cell("String.join(\" | \", events)")
        self.assertEqual(self.result(outputs), '"open {start=5} | msg 21 | close {bye=true}"')

    def test_the_readme_example_works_as_it_says(self):
        readme = (pathlib.Path(__file__).resolve().parents[4] / "README.md").read_text()
        block = readme[readme.index("\n### Comms\n"):]
        code = block[block.index("```java\n") + 8:block.index("\n```", block.index("```java\n"))]
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        comm_msgs = [(m["msg_type"], m["content"]["data"]) for m in outputs if m["msg_type"].startswith("comm_")]
        self.assertEqual(comm_msgs, [("comm_open", {"value": 7}), ("comm_msg", {"value": 8}), ("comm_close", {})])
        self.assertEqual(self.of_type(outputs, "comm_open")[0]["content"]["target_name"], "my.frontend.target")

        opened = self.send_shell("comm_open", {"comm_id": "readme-1", "target_name": "my.counter", "data": {}})
        self.assertEqual(self.of_type(self.iopub_until_idle(opened), "comm_close"), [])
        for step, count in [(2, 2), (3, 5)]:
            sent = self.send_shell("comm_msg", {"comm_id": "readme-1", "data": {"step": step}})
            answers = self.of_type(self.iopub_until_idle(sent), "comm_msg")
            self.assertEqual([m["content"] for m in answers], [{"comm_id": "readme-1", "data": {"count": count}}])
        closed = self.send_shell("comm_close", {"comm_id": "readme-1", "data": {}})
        self.assert_busy_idle(self.iopub_until_idle(closed))

    def test_a_cell_opens_a_comm_that_reaches_the_frontend(self):
        reply, outputs = self.run_cell(
            'var widget = Comms.open("front.widget", Map.of("value", 7, "label", "seven"), '
            'Map.of("version", "2.1.0"), List.of(new byte[] {1, 2}));\nwidget.id()')
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        opens = self.of_type(outputs, "comm_open")
        self.assertEqual(len(opens), 1, outputs)
        comm_id = opens[0]["content"]["comm_id"]
        self.assertEqual(self.result(outputs), '"%s"' % comm_id)
        self.assertEqual(opens[0]["content"]["target_name"], "front.widget")
        self.assertEqual(opens[0]["content"]["data"], {"value": 7, "label": "seven"})
        self.assertEqual(opens[0]["metadata"], {"version": "2.1.0"})
        self.assertEqual([bytes(b) for b in opens[0]["buffers"]], [b"\x01\x02"])
        self.assertEqual(opens[0]["parent_header"]["msg_id"], reply["parent_header"]["msg_id"])
        self.assertEqual(self.comm_info("front.widget"), {comm_id: {"target_name": "front.widget"}})

        reply, outputs = self.run_cell('widget.send(Map.of("x", 1));\nwidget.close(Map.of("done", true));\n'
                                       'Comms.list().contains(widget) + " " + widget.isOpen()')
        self.assertEqual([(m["msg_type"], m["content"]) for m in outputs if m["msg_type"].startswith("comm_")],
                         [("comm_msg", {"comm_id": comm_id, "data": {"x": 1}}),
                          ("comm_close", {"comm_id": comm_id, "data": {"done": True}})])
        self.assertEqual(self.result(outputs), '"false false"')
        self.assertEqual(self.comm_info("front.widget"), {})

        reply, outputs = self.run_cell('widget.send(Map.of("x", 2))')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("is closed", reply["content"]["evalue"])

    def test_the_frontend_closing_a_kernel_comm_runs_its_close_handler(self):
        reply, outputs = self.run_cell(
            'var closedWith = new java.util.concurrent.atomic.AtomicReference<Object>();\n'
            'var c2 = Comms.open("front.other").onClose(data -> closedWith.set(data.get("why")));\nc2.id()')
        comm_id = self.of_type(outputs, "comm_open")[0]["content"]["comm_id"]
        closed = self.send_shell("comm_close", {"comm_id": comm_id, "data": {"why": "no such target"}})
        self.assert_busy_idle(self.iopub_until_idle(closed))
        reply, outputs = self.run_cell('closedWith.get() + " " + c2.isOpen()')
        self.assertEqual(self.result(outputs), '"no such target false"')

    def test_a_handler_that_throws_is_reported_under_the_last_cell_and_the_kernel_goes_on(self):
        reply, outputs = self.run_cell("""
Comms.registerTarget("test.boom", (comm, data) -> {
    comm.onMessage(msg -> { throw new IllegalStateException("boom in the message handler"); });
    if (data.containsKey("fail")) {
        throw new IllegalArgumentException("boom in the open handler");
    }
});
""")
        cell = reply["parent_header"]["msg_id"]
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        opened = self.send_shell("comm_open", {"comm_id": "boom-1", "target_name": "test.boom", "data": {"fail": 1}})
        out = self.iopub_until_idle(opened)
        self.assert_busy_idle(out)
        # as ipykernel: a comm whose target failed to take it is closed
        self.assertEqual([m["content"]["comm_id"] for m in self.of_type(out, "comm_close")], ["boom-1"])
        ok = self.send_shell("comm_open", {"comm_id": "boom-2", "target_name": "test.boom", "data": {}})
        self.iopub_until_idle(ok)
        sent = self.send_shell("comm_msg", {"comm_id": "boom-2", "data": {}})
        self.assert_busy_idle(self.iopub_until_idle(sent))
        reports = [m["content"]["text"] for m in self.stray
                   if m["msg_type"] == "stream" and m["parent_header"].get("msg_id") == cell]
        self.assertEqual(len(reports), 2, self.stray)
        self.assertIn("the comm target 'test.boom' failed: java.lang.IllegalArgumentException: boom in the open handler",
                      reports[0])
        self.assertIn("failed: java.lang.IllegalStateException: boom in the message handler", reports[1])
        self.assertIn("boom-2", self.comm_info("test.boom"), "a message handler that throws leaves its comm open")
        self.assertNotIn("org.jparallel", "".join(reports))
        for m in self.stray:
            if m["msg_type"] == "stream":
                self.assertEqual(m["content"]["name"], "stderr")

    def test_a_comm_to_an_unknown_target_is_closed_at_once(self):
        opened = self.send_shell("comm_open", {"comm_id": "lost-1", "target_name": "no.such.target", "data": {}})
        out = self.iopub_until_idle(opened)
        self.assertEqual([m["content"] for m in self.of_type(out, "comm_close")], [{"comm_id": "lost-1", "data": {}}])
        self.assertNotIn("lost-1", self.comm_info())

    def test_bad_comm_messages_are_ignored(self):
        for msg_type, content in [("comm_msg", {"comm_id": "never-opened", "data": {}}),
                                  ("comm_msg", {"data": {}}),
                                  ("comm_close", {"comm_id": 12}),
                                  ("comm_open", {"target_name": "test.counter", "data": {}})]:
            out = self.iopub_until_idle(self.send_shell(msg_type, content))
            self.assertEqual([m["msg_type"] for m in out], ["status", "status"], (msg_type, content))
        out = self.iopub_until_idle(self.send_shell("comm_open", {"comm_id": "list-data", "target_name": "x",
                                                                  "data": [1, 2]}))
        self.assertEqual([m["content"]["comm_id"] for m in self.of_type(out, "comm_close")], ["list-data"])

    def test_comm_data_must_be_an_object_and_fit_the_message_limit(self):
        reply, outputs = self.run_cell('Comms.open("front.widget", List.of(1, 2))')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("must be a JSON object", reply["content"]["evalue"])
        reply, outputs = self.run_cell('var big = Comms.open("front.big");\nbig.send(Map.of("text", "x".repeat(2_000_000)))')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("over the link's message limit of 1.0 MB", reply["content"]["evalue"])
        self.assertIn("JPARALLEL_MESSAGE_LIMIT_MB", reply["content"]["evalue"])
        self.assertEqual(self.of_type(outputs, "comm_msg"), [])


if __name__ == "__main__":
    unittest.main()
