#pragma once
/// \file
/// TLS settings shared by the HTTP/2 server and client: HTTP/2 over TLS with ALPN "h2"
/// (RFC 9113 §3.2, RFC 7301), TLS 1.3 by default as TS 33.501 §13.1 allows and DESIGN.md
/// §2 requires for the SBI. Files are PEM. The engine is OpenSSL 3.

#include <string>

namespace glasscore::http2 {

struct tls_config {
  /// Our certificate, then any intermediates (PEM). Required on a server; on a client only
  /// for mutual TLS (TS 33.501 §13.1: NFs authenticate each other with certificates).
  std::string certificate_chain_file;
  /// The private key of the first certificate in `certificate_chain_file` (PEM).
  std::string private_key_file;
  /// Trusted CA certificates (PEM) for verifying the peer. Required on a client (the
  /// server certificate is always verified, its IP address SAN against the client's host);
  /// on a server it enables client certificate verification.
  std::string ca_file;
  /// Server only: a client without a certificate valid under `ca_file` fails the
  /// handshake (mutual TLS). Needs `ca_file`.
  bool require_client_certificate = false;
  /// TLS 1.3 is the minimum unless this is set; TLS 1.2 is then limited to ECDHE with
  /// AEAD ciphers, as RFC 9113 §9.2.2 asks of HTTP/2.
  bool allow_tls_1_2 = false;
};

}  // namespace glasscore::http2
