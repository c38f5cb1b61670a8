"""A real SMTP server to receive the portal's mail in tests and the bench (aiosmtpd)."""
import importlib
import importlib.util
import os
import socket
import sys
import sysconfig
import threading


def import_aiosmtpd():
    """Import aiosmtpd, which needs the `atpublic` distribution's module named `public`.

    Our blueprint package is also called `public` and shadows it on sys.path, so atpublic
    is loaded from site-packages by file for the duration of the import only.
    """
    if "aiosmtpd.controller" in sys.modules:
        return sys.modules["aiosmtpd.controller"]
    folder = os.path.join(sysconfig.get_paths()["purelib"], "public")
    spec = importlib.util.spec_from_file_location(
        "public", os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
    atpublic = importlib.util.module_from_spec(spec)
    ours = sys.modules.get("public")
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        return importlib.import_module("aiosmtpd.controller")
    finally:
        if ours is not None:
            sys.modules["public"] = ours
        else:
            sys.modules.pop("public", None)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpInbox:
    """What a real SMTP server received: parsed email.message.EmailMessage objects."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        from email import message_from_bytes, policy

        with self.arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        """Block until `count` messages arrived (or fail)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        assert len(self.messages) >= count, f"expected {count} emails, got {len(self.messages)}"
        return self.messages

    def to(self, recipient: str) -> list:
        """Messages addressed to `recipient`, in arrival order."""
        return [m for m in self.messages if m["To"] == recipient]

    def wait_for_to(self, recipient: str, count: int, timeout: float = 10.0) -> list:
        """Block until `count` messages for `recipient` arrived (or fail)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.to(recipient)) >= count, timeout)
        received = self.to(recipient)
        assert len(received) >= count, f"expected {count} emails to {recipient}, got {len(received)}"
        return received
