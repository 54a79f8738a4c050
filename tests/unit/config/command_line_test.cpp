#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "s3sandbox/config/config.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::config {
namespace {

ParseOutcome parse(std::vector<const char*> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "s3sandbox");
  return parse_command_line(static_cast<int>(args.size()), args.data(), env);
}

TEST(CommandLineTest, DefaultsArePersistentLoopback9000) {
  auto out = parse({}, {{"HOME", "/home/u"}});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->listen_host, "127.0.0.1");
  EXPECT_EQ(out.config->listen_port, 9000);
  EXPECT_FALSE(out.config->ephemeral);
  EXPECT_EQ(out.config->data_dir, "/home/u/.local/share/s3sandbox");
  EXPECT_EQ(out.config->auth_mode, auth::AuthMode::kStrict);
}

TEST(CommandLineTest, ListenPortZeroAndEphemeral) {
  auto out = parse({"--listen", "127.0.0.1:0", "--ephemeral"});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->listen_port, 0);
  EXPECT_TRUE(out.config->ephemeral);
  EXPECT_TRUE(out.config->data_dir.empty());
}

TEST(CommandLineTest, EqualsFormAndRepeatedCredentials) {
  auto out = parse({"--credential=AK1:SK1", "--credential", "AK2:S:K2"});
  ASSERT_TRUE(out.config);
  ASSERT_EQ(out.config->credentials.size(), 2u);
  EXPECT_EQ(out.config->credentials[1].access_key, "AK2");
  EXPECT_EQ(out.config->credentials[1].secret_key, "S:K2");
}

TEST(CommandLineTest, EnvironmentAppliesAndCommandLineWins) {
  auto out = parse({"--region", "eu-west-1"}, {{"S3SANDBOX_REGION", "us-west-2"},
                                               {"S3SANDBOX_LISTEN", "0.0.0.0:9100"},
                                               {"S3SANDBOX_CREDENTIALS", "A:B, C:D"}});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->region, "eu-west-1");
  EXPECT_EQ(out.config->listen_host, "0.0.0.0");
  EXPECT_EQ(out.config->listen_port, 9100);
  EXPECT_EQ(out.config->credentials.size(), 2u);
}

TEST(CommandLineTest, FaultsAreRepeatableAndTheEnvironmentSeparatesThemWithSemicolons) {
  auto out = parse({"--fault", "operation=PutObject,times=1,error=SlowDown", "--fault=delay=1s"},
                   {{"S3SANDBOX_FAULTS", "error=InternalError,part=2; truncate=10"}});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->faults,
            (std::vector<std::string>{"error=InternalError,part=2", "truncate=10",
                                      "operation=PutObject,times=1,error=SlowDown", "delay=1s"}));
  EXPECT_NE(help_text().find("--fault RULE"), std::string::npos);
}

TEST(CommandLineTest, RejectsBadValuesWithExitCode2) {
  EXPECT_EQ(parse({"--listen", "nope"}).exit_code, 2);
  EXPECT_EQ(parse({"--listen", "h:70000"}).exit_code, 2);
  EXPECT_EQ(parse({"--auth", "maybe"}).exit_code, 2);
  EXPECT_EQ(parse({"--credential", "nocolon"}).exit_code, 2);
  EXPECT_EQ(parse({"--bogus"}).exit_code, 2);
  EXPECT_EQ(parse({"--data-dir", "/x", "--ephemeral"}).exit_code, 2);
  EXPECT_FALSE(parse({"--region"}).config);
}

TEST(CommandLineTest, HelpAndVersionPrintAndExitZero) {
  auto help = parse({"--help"});
  EXPECT_FALSE(help.config);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--listen"), std::string::npos);
  auto version = parse({"--version"});
  EXPECT_NE(version.output.find("s3sandbox "), std::string::npos);
}

TEST(CommandLineTest, MessagesAreDiagnosedUnlessS3IsAsked) {
  auto out = parse({});
  ASSERT_TRUE(out.config);
  EXPECT_FALSE(out.config->s3_messages);
  EXPECT_TRUE(parse({"--messages", "s3"}).config->s3_messages);
  EXPECT_TRUE(parse({}, {{"S3SANDBOX_MESSAGES", "s3"}}).config->s3_messages);
  EXPECT_FALSE(
      parse({"--messages", "diagnosed"}, {{"S3SANDBOX_MESSAGES", "s3"}}).config->s3_messages);
  EXPECT_EQ(parse({"--messages", "aws"}).exit_code, 2);
  EXPECT_NE(help_text().find("--messages MODE"), std::string::npos);
}

TEST(CommandLineTest, AuthModesAndClockOffset) {
  auto out = parse({"--auth", "warn", "--clock-offset", "+2h"});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->auth_mode, auth::AuthMode::kWarn);
  EXPECT_EQ(out.config->clock_offset, std::chrono::hours(2));
}

TEST(CommandLineTest, FixturesModeAndClockFreeze) {
  auto defaults = parse({});
  ASSERT_TRUE(defaults.config);
  EXPECT_EQ(defaults.config->fixtures_mode, FixturesMode::kOnce);
  EXPECT_FALSE(defaults.config->clock_freeze);
  auto out = parse({"--fixtures-mode", "always", "--clock-freeze", "2030-01-01T00:00:00Z"});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->fixtures_mode, FixturesMode::kAlways);
  EXPECT_EQ(out.config->clock_freeze, core::TimePoint(std::chrono::seconds(1893456000)));
  EXPECT_TRUE(parse({"--clock-freeze", "now"}).config->clock_freeze);
  EXPECT_EQ(parse({"--fixtures-mode", "sometimes"}).exit_code, 2);
  EXPECT_EQ(parse({"--clock-freeze", "tomorrow"}).exit_code, 2);
}

TEST(CommandLineTest, ThreadsAreUnpinnedUnlessAsked) {
  auto none = parse({});
  ASSERT_TRUE(none.config);
  EXPECT_FALSE(none.config->pin_threads);
  EXPECT_FALSE(Config{}.pin_threads);  // the library default
  auto flag = parse({"--pin-threads", "--threads", "2"});
  ASSERT_TRUE(flag.config);
  EXPECT_TRUE(flag.config->pin_threads);
  EXPECT_EQ(flag.config->threads, 2);
  auto env = parse({}, {{"S3SANDBOX_PIN_THREADS", "1"}});
  ASSERT_TRUE(env.config);
  EXPECT_TRUE(env.config->pin_threads);
  auto off = parse({"--pin-threads=0"}, {{"S3SANDBOX_PIN_THREADS", "1"}});
  ASSERT_TRUE(off.config);
  EXPECT_FALSE(off.config->pin_threads);
}

TEST(CommandLineDurationTest, ParsesUnitsAndSigns) {
  EXPECT_EQ(core::parse_duration("+2h"), std::chrono::seconds(7200));
  EXPECT_EQ(core::parse_duration("-30m"), std::chrono::seconds(-1800));
  EXPECT_EQ(core::parse_duration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(core::parse_duration("45"), std::chrono::seconds(45));
  EXPECT_EQ(core::parse_duration("1d"), std::chrono::seconds(86400));
  EXPECT_FALSE(core::parse_duration("2x"));
  EXPECT_FALSE(core::parse_duration("h"));
  EXPECT_FALSE(core::parse_duration(""));
}

TEST(CommandLineTest, CredentialsFileInBothFormats) {
  auto path = std::filesystem::temp_directory_path() / "s3sandbox-creds-test";
  {
    std::ofstream f(path);
    f << "# comment\nAK1:SK1\n[default]\naws_access_key_id = AK2\naws_secret_access_key = SK2\n";
  }
  auto out = parse({"--credentials-file", path.c_str()});
  std::filesystem::remove(path);
  ASSERT_TRUE(out.config);
  ASSERT_EQ(out.config->credentials.size(), 2u);
  EXPECT_EQ(out.config->credentials[0].access_key, "AK1");
  EXPECT_EQ(out.config->credentials[1].secret_key, "SK2");
}

}  // namespace
}  // namespace s3sandbox::config

namespace s3sandbox::config {
namespace {

TEST(CommandLineTest, NotifyTargetsRepeatAndComeFromTheEnvironment) {
  auto out = parse({"--notify-target", "arn:aws:sqs:us-east-1:1:q=http://127.0.0.1:8080/a=b",
                    "--notify-target=arn:aws:sns:us-east-1:1:t=http://h/"});
  ASSERT_TRUE(out.config) << out.output;
  ASSERT_EQ(out.config->notify_targets.size(), 2u);
  EXPECT_EQ(out.config->notify_targets[0].first, "arn:aws:sqs:us-east-1:1:q");
  EXPECT_EQ(out.config->notify_targets[0].second, "http://127.0.0.1:8080/a=b");
  auto env = parse(
      {}, {{"S3SANDBOX_NOTIFY_TARGETS", "arn:a:sqs:r:1:q=http://x/,arn:a:sns:r:1:t=http://y/"}});
  ASSERT_TRUE(env.config) << env.output;
  EXPECT_EQ(env.config->notify_targets.size(), 2u);
  EXPECT_EQ(parse({"--notify-target", "no-url"}).exit_code, 2);
  EXPECT_EQ(parse({"--notify-target", "=http://x/"}).exit_code, 2);
}

TEST(CommandLineJournalTest, SizeFileAndEnvironment) {
  auto out = parse({});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->journal_size, 10'000u);  // on by default
  EXPECT_TRUE(out.config->journal_file.empty());
  out = parse({"--journal-size", "0", "--journal-file", "/tmp/j.jsonl"});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->journal_size, 0u);
  EXPECT_EQ(out.config->journal_file, "/tmp/j.jsonl");
  out = parse({}, {{"S3SANDBOX_JOURNAL_SIZE", "50"}, {"S3SANDBOX_JOURNAL_FILE", "a.jsonl"}});
  ASSERT_TRUE(out.config);
  EXPECT_EQ(out.config->journal_size, 50u);
  EXPECT_EQ(out.config->journal_file, "a.jsonl");
  EXPECT_EQ(parse({"--journal-size", "lots"}).exit_code, 2);
  EXPECT_EQ(parse({"--journal-size", "-1"}).exit_code, 2);
  const auto help = parse({"--help"});
  EXPECT_NE(help.output.find("--journal-size"), std::string::npos);
  EXPECT_NE(help.output.find("S3SANDBOX_JOURNAL_FILE"), std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::config
