// --tls auto's certificates: the CA signs the server certificate, which names exactly what was
// asked (with wildcards), keys are private to the user, and a second start reuses them unless
// the names change or the certificate nears its end.
#include "s3sandbox/crypto/local_ca.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace s3sandbox::crypto {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;

class LocalCaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "local-ca-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dir_ = root_ + "/tls";
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static unsigned mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 0777;
  }
  // Runs f on the certificate in `path`.
  template <typename F>
  static void with_cert(const std::string& path, F f) {
    std::FILE* file = std::fopen(path.c_str(), "r");
    ASSERT_NE(file, nullptr);
    X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
    std::fclose(file);
    ASSERT_NE(cert, nullptr);
    f(cert);
    X509_free(cert);
  }

  std::string root_, dir_;
  const std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
  const std::vector<std::string> names_ = {"localhost", "*.localhost", "127.0.0.1",
                                           "::1",       "s3.test",     "*.s3.test"};
};

TEST_F(LocalCaTest, MakesACaThatSignsACertificateForTheNames) {
  const LocalTlsOutcome out = ensure_local_tls(dir_, names_, now_);
  ASSERT_TRUE(out.files) << out.error;
  EXPECT_TRUE(out.files->made_ca);
  EXPECT_TRUE(out.files->made_cert);
  EXPECT_EQ(out.files->ca_cert, dir_ + "/ca.pem");
  EXPECT_EQ(certificate_names(out.files->cert),
            (std::vector<std::string>{"DNS:*.localhost", "DNS:*.s3.test", "DNS:localhost",
                                      "DNS:s3.test", "IP:127.0.0.1", "IP:::1"}));
  EXPECT_TRUE(certificate_signed_by(out.files->cert, out.files->ca_cert));
  EXPECT_FALSE(certificate_signed_by(out.files->ca_cert, out.files->cert));
  // Keys are the user's only; certificates are public.
  EXPECT_EQ(mode_of(out.files->key), 0600u);
  EXPECT_EQ(mode_of(out.files->ca_key), 0600u);
  EXPECT_EQ(mode_of(out.files->cert), 0644u);
  EXPECT_EQ(certificate_spki_sha256(out.files->cert).size(), 44u);  // base64 of 32 bytes
}

TEST_F(LocalCaTest, TheCaIsACaAndTheCertificateIsForServers) {
  const LocalTlsOutcome out = ensure_local_tls(dir_, names_, now_);
  ASSERT_TRUE(out.files) << out.error;
  with_cert(out.files->ca_cert, [](X509* ca) {
    EXPECT_EQ(X509_check_ca(ca), 1);
    EXPECT_TRUE(X509_get_extension_flags(ca) & EXFLAG_CA);
  });
  with_cert(out.files->cert, [](X509* leaf) {
    EXPECT_EQ(X509_check_ca(leaf), 0);
    EXPECT_TRUE(X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER);
    EXPECT_EQ(X509_check_host(leaf, "bucket.s3.test", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_host(leaf, "localhost", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_host(leaf, "example.com", 0, 0, nullptr), 0);
    EXPECT_EQ(X509_check_ip_asc(leaf, "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(leaf, "::1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(leaf, "10.0.0.1", 0), 0);
  });
}

TEST_F(LocalCaTest, ReusedOnRestart) {
  const LocalTlsOutcome first = ensure_local_tls(dir_, names_, now_);
  ASSERT_TRUE(first.files) << first.error;
  const std::string ca = slurp(first.files->ca_cert), cert = slurp(first.files->cert);
  const LocalTlsOutcome second = ensure_local_tls(dir_, names_, now_ + hours(24));
  ASSERT_TRUE(second.files) << second.error;
  EXPECT_FALSE(second.files->made_ca);
  EXPECT_FALSE(second.files->made_cert);
  EXPECT_EQ(slurp(second.files->ca_cert), ca);
  EXPECT_EQ(slurp(second.files->cert), cert);
}

TEST_F(LocalCaTest, NewDomainMakesANewCertificateUnderTheSameCa) {
  ASSERT_TRUE(ensure_local_tls(dir_, names_, now_).files);
  const std::string ca = slurp(dir_ + "/ca.pem");
  auto more = names_;
  more.push_back("minio.internal");
  const LocalTlsOutcome out = ensure_local_tls(dir_, more, now_);
  ASSERT_TRUE(out.files) << out.error;
  EXPECT_FALSE(out.files->made_ca);
  EXPECT_TRUE(out.files->made_cert);
  EXPECT_EQ(slurp(out.files->ca_cert), ca);  // clients keep trusting it
  const auto names = certificate_names(out.files->cert);
  EXPECT_NE(std::find(names.begin(), names.end(), "DNS:minio.internal"), names.end());
  EXPECT_TRUE(certificate_signed_by(out.files->cert, out.files->ca_cert));
}

TEST_F(LocalCaTest, NearExpiryMakesANewCertificate) {
  ASSERT_TRUE(ensure_local_tls(dir_, names_, now_).files);
  // 340 days on, the 1-year certificate has less than 30 days left; the 10-year CA lasts.
  const LocalTlsOutcome out = ensure_local_tls(dir_, names_, now_ + hours(24 * 340));
  ASSERT_TRUE(out.files) << out.error;
  EXPECT_FALSE(out.files->made_ca);
  EXPECT_TRUE(out.files->made_cert);
}

TEST_F(LocalCaTest, ALostCaMakesEverythingAgain) {
  ASSERT_TRUE(ensure_local_tls(dir_, names_, now_).files);
  fs::remove(dir_ + "/ca-key.pem");
  const LocalTlsOutcome out = ensure_local_tls(dir_, names_, now_);
  ASSERT_TRUE(out.files) << out.error;
  EXPECT_TRUE(out.files->made_ca);
  EXPECT_TRUE(out.files->made_cert);
  EXPECT_TRUE(certificate_signed_by(out.files->cert, out.files->ca_cert));
}

TEST_F(LocalCaTest, AForeignCertificateIsReplaced) {
  ASSERT_TRUE(ensure_local_tls(dir_, names_, now_).files);
  // Another CA's certificate in place of ours (a copy of a different directory's).
  const std::string other = root_ + "/other";
  ASSERT_TRUE(ensure_local_tls(other, names_, now_).files);
  fs::copy_file(other + "/cert.pem", dir_ + "/cert.pem", fs::copy_options::overwrite_existing);
  fs::copy_file(other + "/key.pem", dir_ + "/key.pem", fs::copy_options::overwrite_existing);
  EXPECT_FALSE(certificate_signed_by(dir_ + "/cert.pem", dir_ + "/ca.pem"));
  const LocalTlsOutcome out = ensure_local_tls(dir_, names_, now_);
  ASSERT_TRUE(out.files) << out.error;
  EXPECT_TRUE(out.files->made_cert);
  EXPECT_TRUE(certificate_signed_by(out.files->cert, out.files->ca_cert));
}

TEST_F(LocalCaTest, AnUnwritableDirectoryIsAnError) {
  const LocalTlsOutcome out = ensure_local_tls("/proc/nowhere/tls", names_, now_);
  EXPECT_FALSE(out.files);
  EXPECT_NE(out.error.find("/proc/nowhere/tls"), std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::crypto
