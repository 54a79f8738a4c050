// The certificates of `--tls auto`: a local certificate authority and a server certificate it
// signs, made once in a directory and reused, so that a client told to trust ca.pem once
// (boto3 verify=, aws --ca-bundle, curl --cacert, node's https.Agent({ca})) keeps trusting the
// server across restarts. ECDSA P-256 keys, made with OpenSSL's C API:
//   ca.pem / ca-key.pem   the CA: basicConstraints critical CA:TRUE, keyUsage keyCertSign,
//                         10 years;
//   cert.pem / key.pem    the server: subjectAltName = the names asked for, extendedKeyUsage
//                         serverAuth, 1 year.
// Key files are mode 0600. The server certificate is made again when the names change (a new
// --domain), when it is no longer signed by ca.pem, or when it expires within 30 days; the CA
// when it is missing, unreadable or expires within 30 days (then the old trust goes too).
// Thread safety: reentrant; two processes must not share the directory at once (the data dir's
// lock already ensures that).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace s3sandbox::crypto {

struct LocalTlsFiles {
  std::string ca_cert, ca_key, cert, key;  // paths
  bool made_ca = false;                    // the CA was made (or made again) now
  bool made_cert = false;                  // the server certificate was made now
};

struct LocalTlsOutcome {
  std::optional<LocalTlsFiles> files;
  std::string error;  // why not, in plain words, when !files
};

// `names`: DNS names (wildcards allowed: "*.example.test") and IP literals, as the server
// certificate's subjectAltName. `now`: the wall clock (a parameter so that tests can age files).
LocalTlsOutcome ensure_local_tls(const std::string& dir, const std::vector<std::string>& names,
                                 std::chrono::system_clock::time_point now);

// What a certificate file holds, for tests and the start-up log: its subjectAltNames as
// "DNS:name" / "IP:address" (sorted), and whether it is signed by the CA of `ca_path`.
std::vector<std::string> certificate_names(const std::string& cert_path);
bool certificate_signed_by(const std::string& cert_path, const std::string& ca_path);
// The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's
// --ignore-certificate-errors-spki-list takes to trust exactly that key ("" if unreadable).
std::string certificate_spki_sha256(const std::string& cert_path);

}  // namespace s3sandbox::crypto
