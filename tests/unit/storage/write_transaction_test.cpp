// WriteTransaction: the one way to write the index. It holds the gate from begin to destruction,
// commits or rolls back explicitly, rolls back when dropped, and advances the gate's generation
// when (and only when) it commits. The pool's connections cannot write at all.
#include "storage/write_transaction.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "storage_test_support.hpp"

namespace s3sandbox::storage {
namespace {

class WriteTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gate_.open(file(), /*durable=*/false));
    auto tx = WriteTransaction::begin(gate_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->exec("CREATE TABLE t(v INTEGER)"));
    ASSERT_TRUE(tx->commit());
  }

  std::filesystem::path file() const { return tmp_.path() / "meta.db"; }

  // Rows of t, as a reader sees them.
  std::int64_t rows() {
    auto c = pool_.acquire();
    EXPECT_TRUE(c);
    auto s = (*c)->prepare("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(s);
    EXPECT_TRUE((*s)->step());
    std::int64_t n = (*s)->integer(0);
    (*s)->reset();
    return n;
  }

  static core::Result<void> insert(WriteTransaction& tx) {
    return tx->exec("INSERT INTO t(v) VALUES (1)");
  }

  testing::TempDir tmp_;
  WriteGate gate_;
  db::ConnectionPool pool_{file(), /*durable=*/false};
};

TEST_F(WriteTransactionTest, CommitMakesTheWriteVisibleAndAdvancesTheGeneration) {
  const std::uint64_t before = gate_.generation();
  auto tx = WriteTransaction::begin(gate_);
  ASSERT_TRUE(tx);
  ASSERT_TRUE(insert(*tx));
  EXPECT_EQ(gate_.generation(), before);  // not before the commit
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(gate_.generation(), before + 1);
  EXPECT_EQ(rows(), 1);
}

TEST_F(WriteTransactionTest, DroppedWithoutCommitRollsBackAndKeepsTheGeneration) {
  const std::uint64_t before = gate_.generation();
  {
    auto tx = WriteTransaction::begin(gate_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(insert(*tx));
  }
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(gate_.generation(), before);
}

TEST_F(WriteTransactionTest, ExplicitRollbackDiscardsAndACommitAfterItIsRefused) {
  auto tx = WriteTransaction::begin(gate_);
  ASSERT_TRUE(tx);
  ASSERT_TRUE(insert(*tx));
  tx->rollback();
  EXPECT_FALSE(tx->commit());
  EXPECT_EQ(rows(), 0);
}

TEST_F(WriteTransactionTest, TheGateIsHeldUntilTheTransactionIsDestroyed) {
  std::optional<core::Result<WriteTransaction>> first(WriteTransaction::begin(gate_));
  ASSERT_TRUE(*first);
  std::atomic<bool> second_began{false};
  auto second = std::async(std::launch::async, [&] {
    auto tx = WriteTransaction::begin(gate_);
    second_began = true;
    return tx && insert(*tx) && tx->commit();
  });
  ASSERT_TRUE(insert(**first));
  ASSERT_TRUE((*first)->commit());
  // Committed but not destroyed: the gate is still held.
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  EXPECT_FALSE(second_began);
  first.reset();
  ASSERT_EQ(second.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(second.get());
  EXPECT_EQ(rows(), 2);
}

TEST_F(WriteTransactionTest, PoolConnectionsCannotWrite) {
  auto c = pool_.acquire();
  ASSERT_TRUE(c);
  EXPECT_FALSE((*c)->exec("INSERT INTO t(v) VALUES (1)"));
  EXPECT_FALSE((*c)->exec("CREATE TABLE u(v)"));
  EXPECT_EQ(rows(), 0);
}

TEST_F(WriteTransactionTest, BeginBeforeTheGateIsOpenIsAnError) {
  WriteGate closed;
  auto tx = WriteTransaction::begin(closed);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, core::ErrorCode::kInternalError);
}

}  // namespace
}  // namespace s3sandbox::storage
