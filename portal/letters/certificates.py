"""Certificates made on this machine: the demo install's signing certificate (and tests' CAs).

`make run` must show signed letters without any account anywhere, so `seed-demo` makes a
small certificate authority and the office's PKCS#12 under instance/signing/ (never
committed): a real PAdES signature that verifies against that demo root only.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_CA_NAME = "Layanan Demo Root CA (bukan untuk produksi)"
DEMO_OFFICE_NAME = "Pemerintah Kota Batam (Demo Layanan)"
KEY_USAGE = x509.KeyUsage(
    digital_signature=True, content_commitment=True, key_encipherment=False,
    data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
    encipher_only=False, decipher_only=False)


@dataclass(frozen=True)
class Issued:
    """A private key with its certificate."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    def pem(self) -> bytes:
        """The certificate in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, **extra) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, extra.get("organization",
                                                                          "Layanan Demo")),
                  x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if extra.get("serial"):
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, extra["serial"]))
    return x509.Name(attributes)


def _build(subject: x509.Name, issuer: x509.Name, public_key, days: int) -> x509.CertificateBuilder:
    now = datetime.now(timezone.utc)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days)))


def make_ca(common_name: str = DEMO_CA_NAME, days: int = 3650) -> Issued:
    """A self-signed root that may only sign certificates."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(common_name)
    certificate = (_build(name, name, key.public_key(), days)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(x509.KeyUsage(
                       digital_signature=False, content_commitment=False,
                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                       key_cert_sign=True, crl_sign=True, encipher_only=False,
                       decipher_only=False), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    return Issued(key, certificate)


def issue_signing_certificate(ca: Issued, common_name: str, serial: str = "",
                              organization: str = "Layanan Demo", days: int = 730) -> Issued:
    """A document-signing certificate under `ca` (serial: e.g. the holder's NIK)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (_build(_name(common_name, serial=serial, organization=organization),
                          ca.certificate.subject, key.public_key(), days)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                  critical=True)
                   .add_extension(KEY_USAGE, critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                                  critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       ca.key.public_key()), critical=False)
                   .sign(ca.key, hashes.SHA256()))
    return Issued(key, certificate)


def pkcs12_bytes(holder: Issued, ca: Issued, passphrase: str) -> bytes:
    """The holder's key, certificate and chain as a passphrase-protected PKCS#12 file."""
    return pkcs12.serialize_key_and_certificates(
        b"layanan", holder.key, holder.certificate, [ca.certificate],
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def ensure_demo_keystore(keystore: Path, root: Path, passphrase: str) -> bool:
    """Create a demo CA (`root`) and the office's PKCS#12 (`keystore`) unless one is there."""
    if keystore.exists():
        return False
    for directory in {keystore.parent, root.parent}:
        directory.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    office = issue_signing_certificate(ca, DEMO_OFFICE_NAME, organization="Pemerintah Kota Batam")
    root.write_bytes(ca.pem())
    keystore.write_bytes(pkcs12_bytes(office, ca, passphrase))
    keystore.chmod(0o600)
    return True
