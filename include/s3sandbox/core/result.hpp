// Result<T>: a value or an S3Error (boost::system::result). Every fallible operation a client
// can cause returns one; exceptions are for start-up failures and bugs only.
//   Result<Object> r = backend.head_object(b, k);
//   if (!r) return r.error();
// `.value()` on an error throws S3Exception (a bug at the call site; caught at dispatch).
#pragma once

#include <boost/system/result.hpp>
#include <stdexcept>

#include "s3sandbox/core/error.hpp"

namespace s3sandbox::core {

template <class T>
using Result = boost::system::result<T, S3Error>;

class S3Exception : public std::runtime_error {
 public:
  explicit S3Exception(S3Error e)
      : std::runtime_error(std::string(e.info().code)), error_(std::move(e)) {}
  const S3Error& error() const { return error_; }

 private:
  S3Error error_;
};

// Found by argument-dependent lookup when `.value()` is called on an error Result.
[[noreturn]] inline void throw_exception_from_error(const S3Error& e,
                                                    const boost::source_location&) {
  throw S3Exception(e);
}

}  // namespace s3sandbox::core
