#include "s3sandbox/crypto/local_ca.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::crypto {
namespace {

namespace fs = std::filesystem;

// Renewed this long before they expire, so a client never meets an expired certificate mid-run.
constexpr auto kRenewBefore = std::chrono::hours(24 * 30);
constexpr long kCaDays = 3650;
constexpr long kCertDays = 365;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(std::FILE* p) const { std::fclose(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

// A failure, with OpenSSL's own reason when it has one.
std::string failed(const std::string& what) {
  char reason[256] = "";
  if (const unsigned long e = ERR_get_error()) ERR_error_string_n(e, reason, sizeof reason);
  ERR_clear_error();
  return what + (reason[0] ? std::string(" (") + reason + ")" : std::string());
}

Key read_key(const std::string& path) {
  std::unique_ptr<std::FILE, Free> f(std::fopen(path.c_str(), "r"));
  if (!f) return nullptr;
  return Key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
}

Cert read_cert(const std::string& path) {
  std::unique_ptr<std::FILE, Free> f(std::fopen(path.c_str(), "r"));
  if (!f) return nullptr;
  return Cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
}

// Writes through a temporary file renamed into place, so a crash never leaves half a PEM;
// `mode` 0600 for keys. Empty on success, else why not.
template <typename WritePem>
std::string write_file(const std::string& path, mode_t mode, WritePem write_pem) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return "cannot create " + temp;
  ::fchmod(fd, mode);  // whatever the umask says
  std::FILE* f = ::fdopen(fd, "w");
  if (f == nullptr) {
    ::close(fd);
    return "cannot write " + temp;
  }
  const bool ok = write_pem(f) == 1;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    ::unlink(temp.c_str());
    return failed("cannot write " + path);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) return "cannot rename " + temp + " to " + path;
  return {};
}

Key new_key() { return Key(EVP_EC_gen("P-256")); }

// "DNS:name" (lower case) or "IP:address" (canonical text) for one name as configured.
std::string san_entry(std::string name) {
  unsigned char ip[16];
  if (!name.empty() && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  char text[INET6_ADDRSTRLEN];
  if (::inet_pton(AF_INET, name.c_str(), ip) == 1) {
    return std::string("IP:") + ::inet_ntop(AF_INET, ip, text, sizeof text);
  }
  if (::inet_pton(AF_INET6, name.c_str(), ip) == 1) {
    return std::string("IP:") + ::inet_ntop(AF_INET6, ip, text, sizeof text);
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "DNS:" + name;
}

std::vector<std::string> san_entries(const std::vector<std::string>& names) {
  std::set<std::string> set;
  for (const std::string& n : names) {
    if (!n.empty()) set.insert(san_entry(n));
  }
  return {set.begin(), set.end()};
}

std::vector<std::string> names_of(X509* cert) {
  std::set<std::string> out;
  std::unique_ptr<GENERAL_NAMES, Free> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return {};
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names.get(), i);
    if (g->type == GEN_DNS) {
      const ASN1_IA5STRING* s = g->d.dNSName;
      out.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                      static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (g->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = g->d.iPAddress;
      const int len = ASN1_STRING_length(s);
      char text[INET6_ADDRSTRLEN];
      const int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
      if (family != 0 && ::inet_ntop(family, ASN1_STRING_get0_data(s), text, sizeof text)) {
        out.insert(std::string("IP:") + text);
      }
    }
  }
  return {out.begin(), out.end()};
}

// Valid at `now` and beyond now + kRenewBefore.
bool lasts(X509* cert, std::chrono::system_clock::time_point now) {
  time_t at = std::chrono::system_clock::to_time_t(now);
  if (X509_cmp_time(X509_get0_notBefore(cert), &at) > 0) return false;
  at = std::chrono::system_clock::to_time_t(now + kRenewBefore);
  return X509_cmp_time(X509_get0_notAfter(cert), &at) > 0;
}

bool add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// A certificate for `key`'s public half, signed by `issuer_key` (`issuer` null: self-signed).
Cert make_cert(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
               long days, std::chrono::system_clock::time_point now,
               const std::vector<std::pair<int, std::string>>& extensions) {
  Cert cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1) return nullptr;
  // A random positive 127-bit serial: browsers reject a reused serial under one issuer.
  std::unique_ptr<BIGNUM, Free> serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
    return nullptr;
  }
  // Valid from an hour ago: a client whose clock is a little behind still accepts it.
  time_t start = std::chrono::system_clock::to_time_t(now - std::chrono::hours(1));
  if (!X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &start) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), static_cast<int>(days), 3600, &start)) {
    return nullptr;
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("s3sandbox"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) != 1 ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return nullptr;
  }
  for (const auto& [nid, value] : extensions) {
    if (!add_ext(cert.get(), signer, nid, value)) return nullptr;
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) return nullptr;
  return cert;
}

}  // namespace

LocalTlsOutcome ensure_local_tls(const std::string& dir, const std::vector<std::string>& names,
                                 std::chrono::system_clock::time_point now) {
  LocalTlsOutcome out;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    out.error = "cannot create " + dir + ": " + ec.message();
    return out;
  }
  ::chmod(dir.c_str(), 0700);
  LocalTlsFiles f;
  f.ca_cert = (fs::path(dir) / "ca.pem").string();
  f.ca_key = (fs::path(dir) / "ca-key.pem").string();
  f.cert = (fs::path(dir) / "cert.pem").string();
  f.key = (fs::path(dir) / "key.pem").string();

  // The CA: reused when both files read, belong together and last.
  Key ca_key = read_key(f.ca_key);
  Cert ca = read_cert(f.ca_cert);
  if (!ca || !ca_key || X509_check_private_key(ca.get(), ca_key.get()) != 1 ||
      !lasts(ca.get(), now)) {
    ERR_clear_error();
    ca_key = new_key();
    if (!ca_key) {
      out.error = failed("cannot make a P-256 key");
      return out;
    }
    ca = make_cert(ca_key.get(), "s3sandbox local CA", nullptr, ca_key.get(), kCaDays, now,
                   {{NID_basic_constraints, "critical,CA:TRUE"},
                    {NID_key_usage, "critical,keyCertSign,cRLSign"},
                    {NID_subject_key_identifier, "hash"}});
    if (!ca) {
      out.error = failed("cannot make the local CA certificate");
      return out;
    }
    // The key first: a CA certificate on disk always has its key.
    if (auto e = write_file(f.ca_key, 0600,
                            [&](std::FILE* file) {
                              return PEM_write_PrivateKey(file, ca_key.get(), nullptr, nullptr, 0,
                                                          nullptr, nullptr);
                            });
        !e.empty()) {
      out.error = e;
      return out;
    }
    if (auto e = write_file(f.ca_cert, 0644,
                            [&](std::FILE* file) { return PEM_write_X509(file, ca.get()); });
        !e.empty()) {
      out.error = e;
      return out;
    }
    f.made_ca = true;
  }

  // The server certificate: reused when it is the CA's, names exactly what is asked, and lasts.
  const std::vector<std::string> wanted = san_entries(names);
  Cert cert = f.made_ca ? nullptr : read_cert(f.cert);
  Key key = f.made_ca ? nullptr : read_key(f.key);
  EVP_PKEY* ca_public = X509_get0_pubkey(ca.get());
  const bool reusable = cert && key && X509_check_private_key(cert.get(), key.get()) == 1 &&
                        ca_public != nullptr && X509_verify(cert.get(), ca_public) == 1 &&
                        lasts(cert.get(), now) && names_of(cert.get()) == wanted;
  ERR_clear_error();
  if (!reusable) {
    if (wanted.empty()) {
      out.error = "no names for the server certificate";
      return out;
    }
    std::string san;
    for (const std::string& n : wanted) san += (san.empty() ? "" : ",") + n;
    key = new_key();
    if (!key) {
      out.error = failed("cannot make a P-256 key");
      return out;
    }
    std::string common_name = wanted.front().substr(wanted.front().find(':') + 1);
    if (std::find(wanted.begin(), wanted.end(), "DNS:localhost") != wanted.end()) {
      common_name = "localhost";
    }
    cert = make_cert(key.get(), common_name, ca.get(), ca_key.get(), kCertDays, now,
                     {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "serverAuth"},
                      {NID_subject_key_identifier, "hash"},
                      {NID_authority_key_identifier, "keyid:always"},
                      {NID_subject_alt_name, san}});
    if (!cert) {
      out.error = failed("cannot make the server certificate for " + san);
      return out;
    }
    if (auto e = write_file(f.key, 0600,
                            [&](std::FILE* file) {
                              return PEM_write_PrivateKey(file, key.get(), nullptr, nullptr, 0,
                                                          nullptr, nullptr);
                            });
        !e.empty()) {
      out.error = e;
      return out;
    }
    if (auto e = write_file(f.cert, 0644,
                            [&](std::FILE* file) { return PEM_write_X509(file, cert.get()); });
        !e.empty()) {
      out.error = e;
      return out;
    }
    f.made_cert = true;
  }
  out.files = std::move(f);
  return out;
}

std::vector<std::string> certificate_names(const std::string& cert_path) {
  Cert cert = read_cert(cert_path);
  return cert ? names_of(cert.get()) : std::vector<std::string>{};
}

bool certificate_signed_by(const std::string& cert_path, const std::string& ca_path) {
  Cert cert = read_cert(cert_path);
  Cert ca = read_cert(ca_path);
  if (!cert || !ca) return false;
  EVP_PKEY* ca_public = X509_get0_pubkey(ca.get());
  const bool ok = ca_public != nullptr && X509_verify(cert.get(), ca_public) == 1 &&
                  X509_check_issued(ca.get(), cert.get()) == X509_V_OK;
  ERR_clear_error();
  return ok;
}

std::string certificate_spki_sha256(const std::string& cert_path) {
  Cert cert = read_cert(cert_path);
  if (!cert) return {};
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(X509_get0_pubkey(cert.get()), &der);
  if (len <= 0) return {};
  std::string spki(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return base64_encode(sha256(spki));
}

}  // namespace s3sandbox::crypto
