#include "s3sandbox/server.hpp"
