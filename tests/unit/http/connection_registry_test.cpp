#include "http/connection_registry.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace s3sandbox::http {
namespace {

class FakeConnection final : public ConnectionControl {
 public:
  explicit FakeConnection(int id) : id(id) {}
  void close_if_idle() override {}
  void close_now() override {}
  const int id;
};

// Connections built in one slot of storage, each freed (destroyed in place) when its last
// strong reference goes, whatever weak references remain: the next one lives where the last one
// did, as when the allocator reuses a freed connection's memory. (A make_shared connection's
// memory lives on while the registry's weak reference does; keying by address must not depend on
// how connections are allocated.)
class Slot {
 public:
  std::shared_ptr<ConnectionControl> make(int id) {
    auto* c = new (storage_) FakeConnection(id);
    return std::shared_ptr<ConnectionControl>(
        c, [](ConnectionControl* p) { p->~ConnectionControl(); });
  }

 private:
  alignas(FakeConnection) unsigned char storage_[sizeof(FakeConnection)];
};

std::vector<int> live_ids(const ConnectionRegistry& registry) {
  std::vector<int> ids;
  registry.for_each(
      [&ids](ConnectionControl& c) { ids.push_back(static_cast<FakeConnection&>(c).id); });
  return ids;
}

// A finished connection is freed before its entry is removed; a new connection at the same
// address must still be registered, and removing the old entry must not remove it.
TEST(ConnectionRegistryTest, NewConnectionAtAFreedConnectionsAddressStaysRegistered) {
  ConnectionRegistry registry;
  Slot slot;
  std::shared_ptr<ConnectionControl> first = slot.make(1);
  const ConnectionControl* first_address = first.get();
  const auto first_ticket = registry.try_add(first, 10);
  ASSERT_TRUE(first_ticket);
  first.reset();  // the coroutine frame is gone; the entry is not removed yet

  std::shared_ptr<ConnectionControl> second = slot.make(2);
  ASSERT_EQ(second.get(), first_address);  // the premise: the address is reused
  const auto second_ticket = registry.try_add(second, 10);
  ASSERT_TRUE(second_ticket);
  EXPECT_NE(*first_ticket, *second_ticket);
  EXPECT_EQ(registry.size(), 2u);

  registry.remove(*first_ticket);  // the first connection's late removal
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(live_ids(registry), std::vector<int>{2});  // stop() can still close it
  EXPECT_FALSE(registry.wait_empty_for(std::chrono::milliseconds(0)));

  registry.remove(*second_ticket);
  EXPECT_TRUE(registry.wait_empty_for(std::chrono::milliseconds(0)));
}

TEST(ConnectionRegistryTest, RefusesBeyondTheLimit) {
  ConnectionRegistry registry;
  auto a = std::make_shared<FakeConnection>(1);
  auto b = std::make_shared<FakeConnection>(2);
  const auto ta = registry.try_add(a, 1);
  ASSERT_TRUE(ta);
  EXPECT_FALSE(registry.try_add(b, 1));
  registry.remove(*ta);
  EXPECT_TRUE(registry.try_add(b, 1));
}

}  // namespace
}  // namespace s3sandbox::http
