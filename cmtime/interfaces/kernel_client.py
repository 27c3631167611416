"""The kernel client Voilà runs the dashboard with (``.jupyter/voila.py``): one that never
loses a cell's reply.

Why the dashboard sometimes hung (1 cold load in 10, until the cell timeout): while a cell
runs, Voilà's executor (nbclient) waits for the cell's ``execute_reply`` on the shell
socket, an asyncio socket woken by the edge-triggered ``ZMQ_FD``. The same cell writes
charts into an ``Output`` widget, and nbclient, which stands in for the browser's output
widget, sends a ``comm_msg`` back to the kernel on that same socket for every output
(``OutputWidget.sync_state``). jupyter_client sends through a blocking shadow of the
socket (``Session.send``), behind pyzmq's asyncio bookkeeping. A send makes libzmq process
the socket's pending commands, the arrival of the reply among them, which consumes the
edge: when the reply lands just before such a send, the file descriptor is never readable
for it, the asyncio poll never wakes, and the reply stays unread in the socket. The page
then waits for the cell timeout (120 s), or for ever without one.

The shell channel below asks the asyncio socket for its events after each send, which is
how pyzmq's own sends (and ``get(zmq.EVENTS)``) reschedule a wake-up for a message already
waiting. tests/test_dashboard_browser.py reproduces the lost wake-up without a browser.
"""

from __future__ import annotations

from typing import Any

import zmq
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

__all__ = ["ShellChannel", "VoilaKernelClient"]


class ShellChannel(AsyncZMQSocketChannel):
    """The shell channel of `VoilaKernelClient`: a send never hides a waiting reply."""

    def send(self, msg: dict[str, Any]) -> None:
        """Send ``msg``, then let the asyncio socket look again for a message waiting."""
        super().send(msg)
        assert self.socket is not None
        self.socket.get(zmq.EVENTS)  # pyzmq reschedules the wake-up a send swallowed


class VoilaKernelClient(AsyncKernelClient):
    """`AsyncKernelClient` whose shell channel is `ShellChannel`."""

    shell_channel_class = Type(ShellChannel)
