// The HTTPS options: --tls auto, --tls-cert/--tls-key, --tls-listen and their environment twins,
// and the combinations refused before anything starts.
#include <gtest/gtest.h>

#include "s3sandbox/config/config.hpp"

namespace s3sandbox::config {
namespace {

ParseOutcome parse(std::vector<const char*> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "s3sandbox");
  return parse_command_line(static_cast<int>(args.size()), args.data(), env);
}

TEST(TlsOptionsTest, OffByDefault) {
  auto out = parse({});
  ASSERT_TRUE(out.config);
  EXPECT_FALSE(out.config->tls());
  EXPECT_FALSE(out.config->tls_listen_port);
}

TEST(TlsOptionsTest, AutoWithDefaultPort) {
  auto out = parse({"--tls", "auto"});
  ASSERT_TRUE(out.config) << out.output;
  EXPECT_TRUE(out.config->tls_auto);
  EXPECT_TRUE(out.config->tls());
  EXPECT_FALSE(out.config->tls_listen_port);  // the server takes --listen's port + 1
}

TEST(TlsOptionsTest, CertKeyAndListen) {
  auto out = parse({"--tls-cert", "/c.pem", "--tls-key=/k.pem", "--tls-listen", "[::1]:8443"});
  ASSERT_TRUE(out.config) << out.output;
  EXPECT_EQ(out.config->tls_cert, "/c.pem");
  EXPECT_EQ(out.config->tls_key, "/k.pem");
  EXPECT_EQ(out.config->tls_listen_host, "::1");
  EXPECT_EQ(out.config->tls_listen_port, 8443);
  EXPECT_FALSE(out.config->tls_auto);
  EXPECT_TRUE(out.config->tls());
}

TEST(TlsOptionsTest, FromTheEnvironment) {
  auto out = parse({}, {{"S3SANDBOX_TLS", "auto"}, {"S3SANDBOX_TLS_LISTEN", "0.0.0.0:0"}});
  ASSERT_TRUE(out.config) << out.output;
  EXPECT_TRUE(out.config->tls_auto);
  EXPECT_EQ(out.config->tls_listen_host, "0.0.0.0");
  EXPECT_EQ(out.config->tls_listen_port, 0);
}

TEST(TlsOptionsTest, CommandLineOffOverridesTheEnvironment) {
  auto out = parse({"--tls", "off"}, {{"S3SANDBOX_TLS", "auto"}});
  ASSERT_TRUE(out.config) << out.output;
  EXPECT_FALSE(out.config->tls());
}

TEST(TlsOptionsTest, RefusedCombinations) {
  auto cert_only = parse({"--tls-cert", "/c.pem"});
  EXPECT_FALSE(cert_only.config);
  EXPECT_NE(cert_only.output.find("--tls-cert needs --tls-key"), std::string::npos);

  auto key_only = parse({"--tls-key", "/k.pem"});
  EXPECT_FALSE(key_only.config);
  EXPECT_NE(key_only.output.find("--tls-key needs --tls-cert"), std::string::npos);

  auto both = parse({"--tls", "auto", "--tls-cert", "/c.pem", "--tls-key", "/k.pem"});
  EXPECT_FALSE(both.config);
  EXPECT_NE(both.output.find("--tls auto makes its own certificate"), std::string::npos);

  auto listen_alone = parse({"--tls-listen", "127.0.0.1:9443"});
  EXPECT_FALSE(listen_alone.config);
  EXPECT_NE(listen_alone.output.find("--tls-listen needs"), std::string::npos);

  auto no_next_port = parse({"--listen", "127.0.0.1:65535", "--tls", "auto"});
  EXPECT_FALSE(no_next_port.config);
  EXPECT_NE(no_next_port.output.find("--tls-listen HOST:PORT"), std::string::npos);

  auto bad_mode = parse({"--tls", "yes"});
  EXPECT_FALSE(bad_mode.config);
  EXPECT_NE(bad_mode.output.find("--tls wants auto"), std::string::npos);

  auto bad_listen = parse({"--tls", "auto", "--tls-listen", "nowhere"});
  EXPECT_FALSE(bad_listen.config);
  EXPECT_NE(bad_listen.output.find("--tls-listen wants HOST:PORT"), std::string::npos);
}

TEST(TlsOptionsTest, HelpExplainsTheSeparatePort) {
  const std::string help = help_text();
  EXPECT_NE(help.find("--tls-listen HOST:PORT"), std::string::npos);
  EXPECT_NE(help.find("port + 1"), std::string::npos);
  EXPECT_NE(help.find("--tls auto"), std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::config
