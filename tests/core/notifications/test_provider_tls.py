"""HTTPS to a gateway: the connection goes to the checked address while TLS
is spoken to the gateway's name (SNI and the certificate are checked against
the name, not the address). A local HTTPS server with a certificate made here
plays the gateway; the client trusts it only when told to (SSL_CERT_FILE)."""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context

NAME = "gw.tls.test"


def self_signed(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_gateway(app, tmp_path, names, monkeypatch):
    cert_path, key_path = self_signed(tmp_path, NAME)
    seen = {"sni": [], "paths": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen["paths"].append((self.path, self.headers.get("Host")))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    context.sni_callback = lambda sock, server_name, ctx: seen["sni"].append(server_name)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    names[NAME] = ["127.0.0.1"]
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOWED_HOSTS", f"{NAME}:{port}")
    yield {"url": f"https://{NAME}:{port}/send", "port": port, "cert": cert_path, "seen": seen}
    server.shutdown()
    server.server_close()


def send(tenant, key: str) -> None:
    with tenant_context(tenant.id):
        queue_notification(template="test.hello", params={"name": "S"}, idempotency_key=key,
                           address="+66812345678", channel="sms")
        db.session.commit()


def test_https_goes_to_the_checked_address_with_the_gateways_name(ctx, tenant, tls_gateway, monkeypatch, reload):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_gateway["cert"]))  # trust the gateway's certificate
    tenant.settings = {"sms": {"url": tls_gateway["url"]}}
    db.session.commit()
    send(tenant, "tls-1")
    assert tls_gateway["seen"]["sni"] == [NAME]
    assert tls_gateway["seen"]["paths"] == [("/send", f"{NAME}:{tls_gateway['port']}")]
    assert reload(Notification, tenant.id)[0].status == "sent"


def test_an_untrusted_certificate_is_refused_and_nothing_is_sent(ctx, tenant, tls_gateway, reload):
    tenant.settings = {"sms": {"url": tls_gateway["url"]}}
    db.session.commit()
    send(tenant, "tls-2")
    assert tls_gateway["seen"]["paths"] == []
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert delivery.status == "retry" and "TLS failed" in delivery.error
