#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::core {

void Response::set_header(std::string name, std::string value) {
  for (Header& h : headers) {
    if (iequals(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

DeferredResponse::DeferredResponse(Clock::time_point deadline, std::function<Response()> fallback)
    : deadline_(deadline), fallback_(std::move(fallback)) {}

bool DeferredResponse::resolve(Response response) {
  std::lock_guard lock(mu_);
  if (done_ || resolved_) return false;
  resolved_ = std::move(response);
  if (wake_) wake_();
  return true;
}

bool DeferredResponse::pending() const {
  std::lock_guard lock(mu_);
  return !done_ && !resolved_;
}

void DeferredResponse::on_resolved(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  if (done_) return;
  if (resolved_) {
    wake();
    return;
  }
  wake_ = std::move(wake);
}

Response DeferredResponse::settle() {
  std::optional<Response> answer;
  {
    std::lock_guard lock(mu_);
    done_ = true;
    wake_ = nullptr;
    answer = std::move(resolved_);
    resolved_.reset();
  }
  // Outside the lock: the fallback may take the producer's locks (which call resolve() while
  // holding them).
  Response r;
  if (answer) {
    r = std::move(*answer);
  } else if (fallback_) {
    r = fallback_();
  }
  if (finish_) r = finish_(std::move(r));
  return r;
}

void DeferredResponse::abandon() {
  std::lock_guard lock(mu_);
  done_ = true;
  wake_ = nullptr;
  resolved_.reset();
}

}  // namespace s3sandbox::core
