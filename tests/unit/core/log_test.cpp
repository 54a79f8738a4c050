#include "s3sandbox/core/log.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace s3sandbox::core {
namespace {

using ::testing::internal::CaptureStderr;
using ::testing::internal::GetCapturedStderr;

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { set_log_level(LogLevel::kInfo); }
};

TEST_F(LogTest, WithoutABatchALineIsWrittenAtOnce) {
  CaptureStderr();
  log_batched(LogLevel::kInfo, "GET /a 200");
  EXPECT_EQ(GetCapturedStderr(), "[info] GET /a 200\n");
}

TEST_F(LogTest, BatchedLinesWaitForFlushAndKeepTheirOrder) {
  CaptureStderr();
  LogBatch batch;
  log_batched(LogLevel::kInfo, "one");
  log_batched(LogLevel::kInfo, "two");
  log_batched(LogLevel::kDebug, "hidden");  // below the level: never kept
  EXPECT_TRUE(batch.pending());
  batch.flush();
  EXPECT_FALSE(batch.pending());
  log_batched(LogLevel::kInfo, "three");
  batch.flush();
  EXPECT_EQ(GetCapturedStderr(), "[info] one\n[info] two\n[info] three\n");
}

TEST_F(LogTest, NothingIsWrittenBeforeAFlush) {
  std::string before;
  {
    LogBatch batch;
    CaptureStderr();
    log_batched(LogLevel::kInfo, "waiting");
    before = GetCapturedStderr();
    batch.flush();  // outside the capture
  }
  EXPECT_EQ(before, "");
}

TEST_F(LogTest, ADirectLineComesAfterTheThreadsPendingLines) {
  CaptureStderr();
  {
    LogBatch batch;
    log_batched(LogLevel::kInfo, "request 1");
    log_warn("something odd");
    EXPECT_FALSE(batch.pending());
    log_batched(LogLevel::kInfo, "request 2");
  }  // the end of the batch writes the rest
  EXPECT_EQ(GetCapturedStderr(), "[info] request 1\n[warn] something odd\n[info] request 2\n");
}

TEST_F(LogTest, AFullBufferIsWrittenWithoutAFlush) {
  CaptureStderr();
  LogBatch batch;
  const std::string payload(100, 'x');
  std::size_t lines = 0;
  while (batch.pending() || lines == 0) {
    log_batched(LogLevel::kInfo, payload);
    ++lines;
    ASSERT_LT(lines, 2 * kBatchFlushBytes / payload.size());
  }
  const std::string written = GetCapturedStderr();
  EXPECT_GE(written.size(), kBatchFlushBytes);
  EXPECT_EQ(written.size(), lines * (payload.size() + 8));  // "[info] " + payload + "\n"
}

TEST_F(LogTest, LinesOfEachThreadStayInOrderAndNoneIsLost) {
  constexpr int kThreads = 4;
  constexpr int kLines = 3000;  // several buffers each
  CaptureStderr();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      LogBatch batch;
      for (int i = 0; i < kLines; ++i) {
        log_batched(LogLevel::kInfo,
                    "t" + std::to_string(t) + " " + std::to_string(i) + " padding padding padding");
      }
    });
  }
  for (std::thread& th : threads) th.join();
  const std::string written = GetCapturedStderr();
  std::vector<int> next(kThreads, 0);
  std::size_t pos = 0;
  int total = 0;
  while (pos < written.size()) {
    const std::size_t end = written.find('\n', pos);
    ASSERT_NE(end, std::string::npos);
    const std::string line = written.substr(pos, end - pos);
    pos = end + 1;
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "[info] t%d %d padding", &t, &i), 2) << line;
    ASSERT_TRUE(t >= 0 && t < kThreads);
    EXPECT_EQ(i, next[t]) << "thread " << t;
    next[t] = i + 1;
    ++total;
  }
  EXPECT_EQ(total, kThreads * kLines);
}

}  // namespace
}  // namespace s3sandbox::core
