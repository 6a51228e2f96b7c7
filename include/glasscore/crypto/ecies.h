#pragma once
/// \file
/// The Elliptic Curve Integrated Encryption Scheme that conceals a SUPI in a SUCI
/// (TS 33.501 Annex C.3), in its two standardised profiles (TS 33.501 C.3.4):
///
/// - Profile A (protection scheme 0x1): Curve25519 / X25519 (RFC 7748); public keys are the
///   32-byte u-coordinate.
/// - Profile B (protection scheme 0x2): secp256r1 (NIST P-256); the ephemeral public key is
///   sent with point compression (33 bytes, SEC 1 §2.3.3), and that compressed form is also
///   SharedInfo1 of the KDF.
///
/// Both use the ANSI X9.63 KDF with SHA-256 (SEC 1 §3.6.1; SharedInfo1 = the ephemeral
/// public key as sent) for 64 octets of keying data = encryption key (16) || ICB (16) ||
/// MAC key (32); AES-128 in CTR mode with the ICB as initial counter block; and
/// HMAC-SHA-256 over the ciphertext truncated to 64 bits (C.3.4.1, C.3.4.2).
///
/// The scheme output (C.3.2, C.3.3) is: ephemeral public key || ciphertext || MAC tag.
///
/// Every key and scheme output is checked and reported as a crypto_error; scheme outputs
/// arrive from the network, so nothing here asserts on them. Keys are raw octet strings:
/// private keys are 32 bytes (the X25519 scalar, or the P-256 scalar big-endian), public
/// keys as above (Profile B public keys of the home network may also be uncompressed).

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

/// The ECIES profiles of TS 33.501 C.3.4, numbered as their protection scheme identifiers
/// (TS 33.501 C.1: 0x1 Profile A, 0x2 Profile B).
enum class ecies_profile : std::uint8_t { a = 1, b = 2 };

/// Encoding of a P-256 public key (SEC 1 §2.3.3). Curve25519 keys have only one encoding.
enum class point_format : std::uint8_t {
  compressed,    ///< 0x02/0x03 || X, 33 bytes (Profile B scheme output, C.3.4.2)
  uncompressed,  ///< 0x04 || X || Y, 65 bytes
};

inline constexpr std::size_t ecies_private_key_size = 32;
inline constexpr std::size_t ecies_shared_secret_size = 32;
/// The MAC tag is HMAC-SHA-256 truncated to 64 bits (C.3.4.1, C.3.4.2).
inline constexpr std::size_t ecies_mac_size = 8;

/// Size of the ephemeral public key at the start of a scheme output: 32 bytes for Profile A,
/// 33 (compressed point) for Profile B.
[[nodiscard]] constexpr std::size_t ecies_public_key_size(ecies_profile profile) {
  return profile == ecies_profile::a ? 32 : 33;
}

/// The three keys the KDF yields (C.3.4.1: "Enc key length 16, ICB length 16, MAC key
/// length 32"), in this order within the 64 octets of keying data.
struct ecies_keys {
  std::array<std::uint8_t, 16> enc_key{};
  std::array<std::uint8_t, 16> icb{};  ///< initial counter block of AES-128-CTR
  std::array<std::uint8_t, 32> mac_key{};
};

/// The public key of `private_key` (32 bytes): for provisioning the USIM with the home
/// network public key, and for checking a configured key pair. Profile B keys come out in
/// `format` (compressed by default); Profile A ignores `format`.
/// Fails with bad_key_length, or invalid_private_key for a P-256 scalar of 0 or >= n or an
/// all-zero X25519 key (a zeroed configuration entry, never a key anyone generated).
[[nodiscard]] expected<std::vector<std::uint8_t>, crypto_error> ecies_public_key(
    ecies_profile profile, byte_span private_key, point_format format = point_format::compressed);

/// Checks that `public_key` is usable: for Profile B a point on P-256 (33 bytes compressed or
/// 65 uncompressed, never the point at infinity); for Profile A 32 bytes that are not a
/// low-order point (one whose shared secret would be all zeros, RFC 7748 §6.1).
/// Fails with bad_key_length or invalid_public_key.
[[nodiscard]] expected<void, crypto_error> ecies_check_public_key(ecies_profile profile,
                                                                  byte_span public_key);

/// A fresh private key from OpenSSL's CSPRNG: 32 random bytes for X25519, a uniformly
/// drawn scalar in [1, n-1] for P-256. For key generation and for the UE's ephemeral key.
[[nodiscard]] expected<std::array<std::uint8_t, ecies_private_key_size>, crypto_error>
ecies_generate_private_key(ecies_profile profile);

/// The ECDH shared secret Z (C.3.4: X25519 per RFC 7748; for P-256 the x-coordinate of
/// private_key * peer_public_key, SEC 1 §3.3.1). The peer key may be in either P-256
/// encoding. Fails with bad_key_length, invalid_private_key, or invalid_public_key (not on
/// the curve, or an all-zero X25519 result from a low-order point).
[[nodiscard]] expected<std::array<std::uint8_t, ecies_shared_secret_size>, crypto_error>
ecies_shared_secret(ecies_profile profile, byte_span private_key, byte_span peer_public_key);

/// The ANSI X9.63 KDF with SHA-256 (SEC 1 §3.6.1): the 64 octets of
/// SHA-256(Z || counter || SharedInfo1) for counter 1 and 2 (32-bit big-endian), split into
/// the three keys. SharedInfo1 is the ephemeral public key exactly as sent in the scheme
/// output (C.3.4.1, C.3.4.2). Fails with backend_failure only if OpenSSL does.
[[nodiscard]] expected<ecies_keys, crypto_error> ecies_kdf(byte_span shared_secret,
                                                           byte_span ephemeral_public_key);

/// UE side (C.3.2): conceals `plaintext` for the home network public key `hn_public_key`
/// with the given ephemeral private key, returning the scheme output
/// ephemeral public key || ciphertext || MAC tag. Deterministic given the ephemeral key,
/// which makes the TS 33.501 C.4 test data reproducible; production callers use the overload
/// below. Fails with bad_key_length, invalid_public_key, invalid_private_key, or
/// bad_input_length for a plaintext too long for the backend (over 2^31 - 1 bytes).
[[nodiscard]] expected<std::vector<std::uint8_t>, crypto_error> ecies_encrypt(
    ecies_profile profile, byte_span hn_public_key, byte_span ephemeral_private_key,
    byte_span plaintext);

/// As above with a fresh ephemeral key pair per call (C.3.2: the UE generates a new
/// ephemeral key pair for each concealment).
[[nodiscard]] expected<std::vector<std::uint8_t>, crypto_error> ecies_encrypt(
    ecies_profile profile, byte_span hn_public_key, byte_span plaintext);

/// Home network side (C.3.3, the SIDF): splits `scheme_output`, derives the keys from the
/// home network private key and the ephemeral public key, verifies the MAC tag in constant
/// time, and only then deciphers. A Profile B ephemeral key must be compressed (C.3.4.2).
/// Fails with malformed_suci when the scheme output is shorter than public key + MAC tag,
/// invalid_public_key for an ephemeral key that is not a valid point (wrong prefix, not on
/// the curve, low-order X25519 point), bad_key_length / invalid_private_key for the home
/// network key, and mac_mismatch when the tag does not verify.
[[nodiscard]] expected<std::vector<std::uint8_t>, crypto_error> ecies_decrypt(
    ecies_profile profile, byte_span hn_private_key, byte_span scheme_output);

}  // namespace glasscore::crypto
