// The operations table is the one list of S3 operations: every handler declared in
// src/app/handlers.hpp has a row, every row names a declared handler (a row naming an undeclared
// one does not compile), and the README's "Supported operations" table is generated from it.
// Regenerate the README's table with scripts/update-operations-table.sh.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {
namespace {

const std::string kRepo = std::string(S3SANDBOX_TEST_DATA) + "/../..";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RowText {
  std::string name, method, level, sub, when, handler;
};

std::vector<RowText> table_rows() {
  std::vector<RowText> rows;
#define S3SANDBOX_ROW_TEXT(name, method, level, sub, when, body, integrity, iam, iam_version, \
                           handler)                                                           \
  rows.push_back({#name, #method, #level, sub, #when, #handler});
  S3SANDBOX_OPERATIONS(S3SANDBOX_ROW_TEXT)
#undef S3SANDBOX_ROW_TEXT
  return rows;
}

TEST(OperationsTableTest, EveryDeclaredHandlerHasARow) {
  std::string header = read_file(kRepo + "/src/app/handlers.hpp");
  ASSERT_FALSE(header.empty());
  std::set<std::string> in_table;
  for (const RowText& row : table_rows()) in_table.insert(row.handler);
  // Both handler shapes: `Started name(ExchangeState& x);` and
  // `core::Result<core::Response> name(ExchangeState& x, std::string body);`.
  std::regex handler(
      R"((?:Started|core::Result<core::Response>)\s+(\w+)\(ExchangeState& x(?:, std::string body)?\);)");
  int declared = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), handler);
       it != std::sregex_iterator(); ++it) {
    ++declared;
    EXPECT_TRUE(in_table.count((*it)[1].str()))
        << "handler " << (*it)[1].str() << " is declared but no row of the operations table "
        << "(include/s3sandbox/router/operations.hpp) dispatches to it";
  }
  EXPECT_GT(declared, 20);
}

TEST(OperationsTableTest, EveryImplementedOperationHasItsOwnHandler) {
  std::set<std::string> seen;
  for (const RowText& row : table_rows()) {
    if (row.handler == "not_implemented") continue;
    EXPECT_TRUE(seen.insert(row.handler).second)
        << row.name << " shares handler " << row.handler << " with another row";
  }
}

TEST(OperationsTableTest, RequiredIntegrityRowsReadADocument) {
  for (const router::OperationRow& row : router::operation_rows()) {
    if (row.integrity != router::Integrity::kRequired) continue;
    bool implemented = false;
    for (const RowText& text : table_rows()) {
      if (text.name == row.name) implemented = text.handler != "not_implemented";
    }
    if (implemented) {
      EXPECT_EQ(row.body, router::BodyPolicy::kXml) << row.name;
    }
  }
}

std::string request_shape(const RowText& row) {
  std::string path = row.level == "Service"  ? "/"
                     : row.level == "Bucket" ? "/bucket"
                                             : "/bucket/key";
  std::string shape = row.method + " " + path;
  if (!row.sub.empty()) shape += "?" + row.sub;
  if (row.when == "ListTypeV2") shape += "?list-type=2";
  if (row.when == "WithId") shape += "&id=ID";
  if (row.when == "CopySource") shape += " + x-amz-copy-source";
  return "`" + shape + "`";
}

// The README section, generated: implemented operations first (in table order), then the ones
// s3sandbox knows and refuses with 501 NotImplemented.
std::string generated_section() {
  std::ostringstream out;
  out << "| Operation | Request | IAM action | s3sandbox |\n";
  out << "|---|---|---|---|\n";
  for (bool implemented : {true, false}) {
    std::size_t i = 0;
    auto rows = table_rows();
    for (const router::OperationRow& row : router::operation_rows()) {
      const RowText& text = rows[i++];
      if ((text.handler != "not_implemented") != implemented) continue;
      std::string iam(row.iam.action);
      if (!row.iam.with_version.empty()) {
        iam += " (with versionId: " + std::string(row.iam.with_version) + ")";
      }
      out << "| " << row.name << " | " << request_shape(text) << " | " << iam << " | "
          << (implemented ? "yes" : "501 NotImplemented") << " |\n";
    }
  }
  return out.str();
}

TEST(OperationsTableTest, ReadmeTableIsGeneratedFromTheTable) {
  const std::string begin =
      "<!-- operations-table:begin (generated: scripts/update-operations-table.sh) -->\n";
  const std::string end = "<!-- operations-table:end -->";
  std::string readme_path = kRepo + "/README.md";
  std::string readme = read_file(readme_path);
  auto a = readme.find(begin);
  auto b = readme.find(end);
  ASSERT_NE(a, std::string::npos) << "README.md lacks the operations-table markers";
  ASSERT_NE(b, std::string::npos);
  std::string expected = generated_section();
  std::string actual = readme.substr(a + begin.size(), b - a - begin.size());
  if (actual != expected && std::getenv("S3SANDBOX_UPDATE_README") != nullptr) {
    std::ofstream(readme_path) << readme.substr(0, a + begin.size()) << expected
                               << readme.substr(b);
    return;
  }
  EXPECT_EQ(actual, expected) << "README.md's Supported operations table is out of date: run "
                                 "scripts/update-operations-table.sh";
}

}  // namespace
}  // namespace s3sandbox::app
